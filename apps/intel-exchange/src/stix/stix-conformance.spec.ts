import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { standardsPath } from '@wco/testing';
import { ReportSubmission } from '../domain/report.types';
import { fullSubmission, minimalSubmission, storedReport } from '../domain/testing/report-fixtures';
import { exportOperation, exportReport, StixBundle, StixObject } from './report-stix';
import { compileStixSchemas, STIX_BUNDLE_SCHEMA, STIX_SCHEMA_BASE, STIX_SCHEMAS_DIR } from './stix-schemas';
import { stixConformanceProblems, testStixSchemas } from './testing/stix-conformance';
import { stixSemanticViolations } from './testing/stix-semantic-rules';
import { TLP2_EXTENSION_ID, TLP2_MARKING_IDS } from './tlp-markings';

// Every exported bundle is checked as the OASIS validator would: against the official STIX 2.1 JSON schemas
// (vendored in standards/stix2.1) — the bundle against common/bundle.json and each object against the schema of its
// own type — and against the semantic rules of testing/stix-semantic-rules.ts.

const plain = (bundle: StixBundle) => JSON.parse(JSON.stringify(bundle)) as { objects: StixObject[] } & Record<string, unknown>;

const submissions: [string, ReportSubmission][] = [
  ['full', fullSubmission()],
  ['minimal', minimalSubmission()],
  ['RED', fullSubmission({ tlp: 'RED', distribution: { level: 'named_members', members: ['BE'] } })],
  ['CLEAR', fullSubmission({ tlp: 'CLEAR', distribution: { level: 'all_members' }, personalDataReleasedTo: undefined })],
  ['AMBER+STRICT', fullSubmission({ tlp: 'AMBER+STRICT' })],
  ['credibility 6 (no confidence)', minimalSubmission({ grading: { sourceReliability: 'F', informationCredibility: 6 } })],
  ['suspicious consignment', fullSubmission({ type: 'suspicious_consignment' })],
  ['risk indicator', minimalSubmission({ type: 'risk_indicator' })],
];

const feedback = [
  { id: 'fb-1', kind: 'seized' as const, member: 'BE', at: '2024-04-01T08:00:00Z' },
  { id: 'fb-2', kind: 'seen' as const, at: '2024-04-02T08:00:00.5Z' },
];

function operationBundle(): StixBundle {
  return exportOperation(
    {
      id: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      name: 'Operation Tide',
      coordinatorMember: 'WCO',
      participantMembers: ['NL', 'BE'],
      state: 'active',
      createdAt: '2024-01-10T00:00:00Z',
      updatedAt: '2024-03-01T00:00:00Z',
    },
    [
      { report: storedReport(fullSubmission(), { id: 'a1b2c3d4-0000-4000-8000-000000000001' }), includePersonalData: false },
      { report: storedReport(minimalSubmission(), { id: 'a1b2c3d4-0000-4000-8000-000000000002' }), includePersonalData: true },
    ],
  );
}

describe('exported bundles conform to STIX 2.1 (schemas and semantic rules)', () => {
  it('finds the reference schemas, and the service loads the same folder', () => {
    expect(readdirSync(path.join(standardsPath('stix2.1', 'schemas'), 'sdos'))).toContain('report.json');
    expect(STIX_SCHEMAS_DIR).toBe(standardsPath('stix2.1', 'schemas'));
  });

  it('fails closed: without the schema folder nothing is compiled, so the service does not start', () => {
    expect(() => compileStixSchemas(path.join(STIX_SCHEMAS_DIR, 'missing'))).toThrow('STIX 2.1 schemas missing');
  });

  it('the container image carries the schemas the service loads at run time', () => {
    const root = path.resolve(__dirname, '../../../..');
    const wanted = path.relative(root, STIX_SCHEMAS_DIR); // standards/stix2.1/schemas
    const copies = readFileSync(path.join(root, 'Dockerfile'), 'utf8')
      .split('\n')
      .map((l) => /^COPY\s+(?!--from)(\S+)\s+(\S+)$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => !!m);
    expect(
      copies.some(
        ([, src, dest]) =>
          (wanted === src || wanted.startsWith(`${src}/`)) && path.posix.join('/app', dest) === path.posix.join('/app', src),
      ),
    ).toBe(true);
    const ignored = readFileSync(path.join(root, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    expect(
      ignored.filter(
        (l) => l && !l.startsWith('#') && (wanted === l || wanted.startsWith(`${l.replace(/\/$/, '')}/`) || l.endsWith('.json')),
      ),
    ).toEqual([]);
  });

  it('needs the patch: the published bundle schema rejects a valid grouping', () => {
    const grouping = {
      type: 'grouping',
      spec_version: '2.1',
      id: 'grouping--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3',
      created: '2015-12-21T19:59:11.000Z',
      modified: '2015-12-21T19:59:11.000Z',
      context: 'suspicious-activity',
      object_refs: ['indicator--26ffb872-1dd9-446e-b6f5-d58527e5b5d2'],
    };
    const { ajv } = testStixSchemas();
    expect(ajv.getSchema(`${STIX_SCHEMA_BASE}sdos/grouping.json`)!(grouping)).toBe(true);
    expect(
      ajv.getSchema(STIX_BUNDLE_SCHEMA)!({ type: 'bundle', id: 'bundle--44af6c39-c09b-49c5-9de2-394224b04982', objects: [grouping] }),
    ).toBe(false);
  });

  it.each(submissions)('report bundle: %s', (_label, submission) => {
    for (const includePersonalData of [true, false]) {
      expect(stixConformanceProblems(exportReport(storedReport(submission), { includePersonalData, feedback }))).toEqual([]);
    }
  });

  it('report bundle: a later version', () => {
    const v3 = storedReport(fullSubmission(), {
      version: 3,
      createdAt: '2024-03-14T10:00:00.000Z',
      versionCreatedAt: '2024-06-01T12:00:00.000Z',
    });
    expect(stixConformanceProblems(exportReport(v3, { includePersonalData: false }))).toEqual([]);
  });

  it('operation bundle', () => {
    expect(stixConformanceProblems(operationBundle())).toEqual([]);
  });

  it('rejects a broken export (the schema check can fail)', () => {
    const bundle = plain(exportReport(storedReport(minimalSubmission()), { includePersonalData: false }));
    bundle.objects.find((o) => o.type === 'report')!['published'] = 'yesterday';
    expect(stixConformanceProblems(bundle)).toContainEqual(
      expect.stringMatching(/^schema: objects\.\d+\.published must be a STIX timestamp/),
    );
  });
});

describe('the semantic rules catch what the schemas let through', () => {
  const base = () => plain(exportReport(storedReport(fullSubmission()), { includePersonalData: false, feedback }));
  const report = (b: { objects: StixObject[] }) => b.objects.find((o) => o.type === 'report')!;

  it('a TLP 2.0 marking without the TLP 2.0 extension-definition in the bundle', () => {
    const b = base();
    b.objects = b.objects.filter((o) => o.id !== TLP2_EXTENSION_ID);
    expect(stixSemanticViolations(b)).toContainEqual(expect.stringContaining('the TLP 2.0 extension'));
  });

  it('duplicate object_refs', () => {
    const b = base();
    const refs = report(b)['object_refs'] as string[];
    refs.push(refs[0]);
    expect(stixSemanticViolations(b)).toContainEqual(expect.stringContaining('object_refs has duplicates'));
  });

  it('modified before created', () => {
    const b = base();
    report(b)['modified'] = '2000-01-01T00:00:00.000Z';
    expect(stixSemanticViolations(b)).toContainEqual(expect.stringMatching(/modified .* is before created/));
  });

  it('an id whose type is not the object type, or whose UUID is not one', () => {
    const b = base();
    const r = report(b);
    r.id = r.id.replace('report--', 'grouping--');
    b.objects.find((o) => o.type === 'indicator')!.id = 'indicator--not-a-uuid';
    const violations = stixSemanticViolations(b);
    expect(violations).toContainEqual(expect.stringMatching(/^grouping--.*id is not report--/));
    expect(violations).toContainEqual(expect.stringMatching(/^indicator--not-a-uuid: id is not indicator--/));
  });

  it('a reference that resolves to nothing', () => {
    const b = base();
    b.objects = b.objects.filter((o) => o.type !== 'observed-data');
    expect(stixSemanticViolations(b)).toContainEqual(expect.stringMatching(/object_refs\[\d+\] observed-data--.* resolves to nothing/));
  });

  it('open vocabulary values that are neither listed nor hyphenated', () => {
    const b = base();
    report(b)['report_types'] = ['suspicious_consignment'];
    expect(stixSemanticViolations(b)).toContainEqual(expect.stringContaining('"suspicious_consignment" is neither'));
  });

  it('a TLP marking-definition that is not the official one', () => {
    const b = base();
    const marking = b.objects.find((o) => o.id === TLP2_MARKING_IDS.AMBER)!;
    marking.id = 'marking-definition--1d2c3b4a-0000-4000-8000-000000000000';
    expect(stixSemanticViolations(b)).toContainEqual(expect.stringContaining('is not the official TLP 2.0 marking-definition'));
  });

  it('passes the OASIS examples it should (no false alarms on third-party bundles)', () => {
    const c2 = require('./testing/fixtures/oasis-indicator-for-c2-ip-address.json');
    expect(stixSemanticViolations(c2)).toEqual([]);
  });
});
