import 'reflect-metadata';
import { validateReport } from '../reports/dto/report-submission.dto';
import { ReportSubmission } from '../domain/report.types';
import { fullSubmission, minimalSubmission, storedReport } from '../domain/testing/report-fixtures';
import {
  exportOperation,
  exportReport,
  importReportDraft,
  StixImportError,
  StixObject,
  WCO_EXTENSION_ID,
} from './report-stix';
import { TLP2_MARKING_IDS } from './tlp-markings';

/** Absent and empty optional arrays mean the same; compare submissions without the empty ones. */
function withoutEmptyArrays(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmptyArrays);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
        .map(([k, v]) => [k, withoutEmptyArrays(v)]),
    );
  }
  return value;
}

function roundTrip(submission: ReportSubmission, includePersonalData: boolean): unknown {
  const bundle = JSON.parse(JSON.stringify(exportReport(storedReport(submission), { includePersonalData })));
  const { draft, warnings } = importReportDraft(bundle);
  expect(warnings).toEqual([]);
  const validated = validateReport(draft);
  if (!validated.ok) throw new Error(`imported draft is invalid: ${JSON.stringify(validated.errors)}`);
  return JSON.parse(JSON.stringify(validated.value));
}

const byType = (objects: StixObject[], type: string) => objects.filter((o) => o.type === type);

describe('STIX export', () => {
  const report = storedReport(fullSubmission());

  it('is deterministic', () => {
    expect(JSON.stringify(exportReport(report, { includePersonalData: true }))).toBe(
      JSON.stringify(exportReport(report, { includePersonalData: true })),
    );
  });

  it('gives a new version new ids for its version-specific objects', () => {
    const v1 = exportReport(report, { includePersonalData: false });
    const v2 = exportReport({ ...report, version: 2 }, { includePersonalData: false });
    expect(byType(v2.objects, 'report')[0].id).not.toBe(byType(v1.objects, 'report')[0].id);
    expect(byType(v2.objects, 'identity').map((o) => o.id)).toEqual(byType(v1.objects, 'identity').map((o) => o.id));
    expect(v2.id).not.toBe(v1.id);
  });

  it('marks every object of the report with its TLP 2.0 marking and ships the marking definition', () => {
    const bundle = exportReport(storedReport(fullSubmission({ tlp: 'AMBER+STRICT' })), { includePersonalData: false });
    const strict = TLP2_MARKING_IDS['AMBER+STRICT'];
    expect(bundle.objects.find((o) => o.id === strict)).toMatchObject({ name: 'TLP:AMBER+STRICT' });
    for (const o of bundle.objects.filter((x) => ['report', 'indicator', 'observed-data', 'wco-container'].includes(x.type))) {
      expect([o.id, o['object_marking_refs']]).toEqual([o.id, [strict]]);
    }
  });

  it('projects identifiers to observables and indicators with STIX patterns', () => {
    const bundle = exportReport(report, { includePersonalData: false });
    expect(byType(bundle.objects, 'wco-container')).toEqual([expect.objectContaining({ number: 'CSQU3054383' })]);
    expect(byType(bundle.objects, 'wco-vessel')).toEqual([expect.objectContaining({ imo_number: '9074729' })]);
    expect(byType(bundle.objects, 'indicator').map((i) => i['pattern'])).toEqual([
      "[wco-container:number = 'CSQU3054383']",
      "[wco-vessel:imo_number = '9074729']",
      "[wco-transport-document:document_kind = 'bill_of_lading' AND wco-transport-document:number = 'EXLU123456789']",
      "[wco-transport-document:document_kind = 'air_waybill' AND wco-transport-document:number = '17612345675']",
      "[wco-vehicle:registration = 'BXL123']",
    ]);
    expect(byType(bundle.objects, 'observed-data')[0]).toMatchObject({
      first_observed: '2024-03-14T09:30:00.000Z',
      number_observed: 1,
    });
    expect(byType(bundle.objects, 'location').map((l) => l['name'])).toEqual(['NLRTM', 'ECGYE', 'PABLB', 'ES']);
    expect(byType(bundle.objects, 'identity').map((i) => i['name'])).toContain('Customs administration NL');
  });

  it('leaves the personal-data section out unless asked to include it', () => {
    const without = JSON.stringify(exportReport(report, { includePersonalData: false }));
    expect(without).not.toContain('Jansen');
    expect(without).not.toContain('NXA1234567');
    expect(without).not.toContain('personal_data');
    expect(JSON.stringify(exportReport(report, { includePersonalData: true }))).toContain('Jansen');
  });

  it('exports feedback as sightings, anonymous ones without the Member', () => {
    const bundle = exportReport(report, {
      includePersonalData: false,
      feedback: [
        { id: 'f1', kind: 'hit', member: 'BE', at: '2024-04-01T08:00:00Z' },
        { id: 'f2', kind: 'false_positive', at: '2024-04-02T08:00:00Z' },
      ],
    });
    const [named, anonymous] = byType(bundle.objects, 'sighting');
    const reportId = byType(bundle.objects, 'report')[0].id;
    expect(named).toMatchObject({ sighting_of_ref: reportId, where_sighted_refs: [expect.stringMatching(/^identity--/)] });
    expect((named['extensions'] as Record<string, unknown>)[WCO_EXTENSION_ID]).toMatchObject({ feedback_kind: 'hit' });
    expect(anonymous['where_sighted_refs']).toBeUndefined();
    expect(anonymous['created_by_ref']).toBeUndefined();
  });

  it('groups an operation’s reports and marks the grouping as strictly as its strictest report', () => {
    const a = storedReport(fullSubmission(), { id: 'a1b2c3d4-0000-4000-8000-000000000001' });
    const b = storedReport(fullSubmission({ tlp: 'RED' }), { id: 'a1b2c3d4-0000-4000-8000-000000000002' });
    const bundle = exportOperation(
      {
        id: fullSubmission().operationId!,
        name: 'Operation Tide',
        coordinatorMember: 'WCO',
        participantMembers: ['NL', 'BE', 'EC'],
        state: 'active',
        commodityFocus: ['drugs'],
        createdAt: '2024-01-10T00:00:00Z',
        updatedAt: '2024-03-01T00:00:00Z',
      },
      [
        { report: a, includePersonalData: false },
        { report: b, includePersonalData: false },
      ],
    );
    const [grouping] = byType(bundle.objects, 'grouping');
    expect(grouping['object_marking_refs']).toEqual([TLP2_MARKING_IDS.RED]);
    expect(grouping['object_refs']).toEqual(expect.arrayContaining(byType(bundle.objects, 'report').map((r) => r.id)));
    // The shared container appears once, labelled as strictly as the RED report that carries it.
    expect(byType(bundle.objects, 'wco-container')).toEqual([
      expect.objectContaining({ object_marking_refs: [TLP2_MARKING_IDS.RED] }),
    ]);
    expect(new Set(bundle.objects.map((o) => o.id)).size).toBe(bundle.objects.length);
  });
});

describe('STIX import', () => {
  it('round-trips a full report with personal data', () => {
    const original = fullSubmission();
    expect(roundTrip(original, true)).toEqual(withoutEmptyArrays(original));
  });

  it('round-trips a minimal report', () => {
    const original = minimalSubmission();
    expect(roundTrip(original, false)).toEqual(withoutEmptyArrays(original));
  });

  it('round-trips every TLP and distribution', () => {
    const cases: Partial<ReportSubmission>[] = [
      { tlp: 'CLEAR', distribution: { level: 'all_members' }, personalData: undefined, personalDataReleasedTo: undefined },
      { tlp: 'RED', distribution: { level: 'named_members', members: ['BE'] } },
      { tlp: 'AMBER+STRICT', distribution: { level: 'originator_only' }, personalDataReleasedTo: [] },
      { tlp: 'GREEN', distribution: { level: 'operation_participants' } },
    ];
    for (const overrides of cases) {
      const original = fullSubmission(overrides);
      expect(roundTrip(original, true)).toEqual(withoutEmptyArrays(original));
    }
  });

  it('drops nothing without personal data: everything else survives', () => {
    const original = fullSubmission();
    const { personalData: _pd, personalDataReleasedTo: _rel, ...rest } = original;
    expect(roundTrip(original, false)).toEqual(withoutEmptyArrays(rest));
  });

  it('reads standard objects when the bundle has no x-wco-customs extension', () => {
    const bundle = JSON.parse(JSON.stringify(exportReport(storedReport(fullSubmission()), { includePersonalData: false })));
    for (const o of bundle.objects) delete o.extensions?.[WCO_EXTENSION_ID];
    const report = bundle.objects.find((o: StixObject) => o.type === 'report');
    delete report.extensions;
    const { draft, warnings } = importReportDraft(bundle);
    expect(draft).toEqual({
      type: 'seizure',
      tlp: 'AMBER',
      whenWhere: { detectedAt: '2024-03-14T09:30:00.000Z', country: 'NL' },
      conveyance: {
        containers: [{ number: 'CSQU3054383' }],
        vesselImo: '9074729',
        transportDocuments: [
          { kind: 'bill_of_lading', number: 'EXLU123456789' },
          { kind: 'air_waybill', number: '17612345675' },
        ],
        vehicles: [{ registration: 'BXL123' }],
      },
    });
    expect(warnings).toEqual([
      'no x-wco-customs extension: goods, grading, distribution and retentionUntil must be completed',
      'conveyance.transportMode must be completed',
    ]);
  });

  it('accepts the TLP 1.0 markings STIX 2.1 predefines', () => {
    const bundle = JSON.parse(JSON.stringify(exportReport(storedReport(minimalSubmission()), { includePersonalData: false })));
    const report = bundle.objects.find((o: StixObject) => o.type === 'report');
    report.object_marking_refs = ['marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9'];
    expect(importReportDraft(bundle).draft['tlp']).toBe('CLEAR');
  });

  it('rejects what is not a single-report bundle', () => {
    expect(() => importReportDraft({ type: 'report' })).toThrow(StixImportError);
    expect(() => importReportDraft({ type: 'bundle', id: 'bundle--x', objects: [] })).toThrow('bundle holds 0 reports');
  });
});
