import 'reflect-metadata';
import { validateReport } from '../reports/dto/report-submission.dto';
import { ReportSubmission } from '../domain/report.types';
import { fullSubmission, minimalSubmission, storedReport } from '../domain/testing/report-fixtures';
import { exportOperation, exportReport, importReportDraft, StixImportError, StixObject, WCO_EXTENSION_ID } from './report-stix';
import { TLP2_EXTENSION_ID, TLP2_MARKING_IDS } from './tlp-markings';

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

  it('exports a new version as a new version of the same STIX objects: same ids, created kept, modified moved', () => {
    const v1 = exportReport(report, { includePersonalData: false });
    const v2 = exportReport({ ...report, version: 2, versionCreatedAt: '2024-04-02T08:15:00.000Z' }, { includePersonalData: false });
    const [r1, r2] = [byType(v1.objects, 'report')[0], byType(v2.objects, 'report')[0]];
    expect(r2.id).toBe(r1.id);
    expect(r2['created']).toBe('2024-03-14T10:00:00.000Z');
    expect(r1['modified']).toBe('2024-03-14T10:00:00.000Z');
    expect(r2['modified']).toBe('2024-04-02T08:15:00.000Z');
    for (const type of ['observed-data', 'indicator']) {
      expect(byType(v2.objects, type).map((o) => o.id)).toEqual(byType(v1.objects, type).map((o) => o.id));
      for (const o of byType(v2.objects, type))
        expect([o['created'], o['modified']]).toEqual(['2024-03-14T10:00:00.000Z', '2024-04-02T08:15:00.000Z']);
    }
    expect(byType(v2.objects, 'identity').map((o) => o.id)).toEqual(byType(v1.objects, 'identity').map((o) => o.id));
    // The bundles themselves differ: each is one delivery of one version.
    expect(v2.id).not.toBe(v1.id);
  });

  it('references each object once, even when the place of detection is also the destination', () => {
    expect(report.whenWhere.place).toBe(report.route?.destination?.place);
    const refs = byType(exportReport(report, { includePersonalData: false }).objects, 'report')[0]['object_refs'] as string[];
    expect(refs.length).toBe(new Set(refs).size);
    expect(refs.filter((r) => r.startsWith('location--'))).toHaveLength(4); // NLRTM, ECGYE, PABLB, ES
  });

  it('ships the TLP 2.0 extension-definition its markings use, exactly as OASIS publishes it', () => {
    for (const bundle of [
      exportReport(report, { includePersonalData: false }),
      exportReport(storedReport(minimalSubmission()), { includePersonalData: false }),
    ]) {
      expect(bundle.objects.filter((o) => o.id === TLP2_EXTENSION_ID)).toEqual([
        {
          type: 'extension-definition',
          spec_version: '2.1',
          id: TLP2_EXTENSION_ID,
          created: '2022-10-01T00:00:00.000Z',
          modified: '2022-10-01T00:00:00.000Z',
          created_by_ref: 'identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01',
          name: 'TLP 2.0',
          description: 'This defines TLP 2.0 as a STIX extension',
          schema: 'https://github.com/oasis-open/cti-stix-common-objects/tree/master/extension-definition-specifications/tlp-2.0',
          version: '1.0.0',
          extension_types: ['property-extension'],
        },
      ]);
    }
  });

  it('writes report_types from report-type-ov where one fits, and hyphenated custom values', () => {
    const types = (type: ReportSubmission['type']) =>
      byType(exportReport(storedReport(fullSubmission({ type })), { includePersonalData: false }).objects, 'report')[0]['report_types'];
    expect(types('seizure')).toEqual(['seizure']);
    expect(types('suspicious_consignment')).toEqual(['suspicious-consignment']);
    expect(types('risk_indicator')).toEqual(['indicator', 'risk-indicator']);
    expect(types('alert')).toEqual(['threat-report', 'alert']);
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
      "[wco-transport-document:document_kind = 'bill-of-lading' AND wco-transport-document:number = 'EXLU123456789']",
      "[wco-transport-document:document_kind = 'air-waybill' AND wco-transport-document:number = '17612345675']",
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
    expect(byType(bundle.objects, 'wco-container')).toEqual([expect.objectContaining({ object_marking_refs: [TLP2_MARKING_IDS.RED] })]);
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
      { field: 'extensions', reason: 'no x-wco-customs extension: goods, grading, distribution and retentionUntil must be completed' },
      { field: 'conveyance.transportMode', reason: 'must be completed' },
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
    expect(() => importReportDraft({ type: 'bundle', id: 'bundle--x', objects: [] })).toThrow(/^bundle holds no report$/);
    const one = JSON.parse(JSON.stringify(exportReport(storedReport(minimalSubmission()), { includePersonalData: false })));
    const other = JSON.parse(
      JSON.stringify(
        exportReport(storedReport(minimalSubmission(), { id: 'a1b2c3d4-0000-4000-8000-00000000000f' }), { includePersonalData: false }),
      ),
    );
    const two = { ...one, objects: [...one.objects, ...other.objects] };
    expect(() => importReportDraft(two)).toThrow('bundle holds 2 reports; name the one to import');
    const second = other.objects.find((o: StixObject) => o.type === 'report').id;
    expect(importReportDraft(two, second).draft['type']).toBe('alert');
  });

  it('reads the report type back from its STIX values, and never takes a third party’s threat-report for an alert', () => {
    for (const type of ['seizure', 'suspicious_consignment', 'risk_indicator', 'alert'] as const) {
      const bundle = JSON.parse(JSON.stringify(exportReport(storedReport(fullSubmission({ type })), { includePersonalData: false })));
      expect(importReportDraft(bundle).draft['type']).toBe(type);
    }
    const bundle = JSON.parse(JSON.stringify(exportReport(storedReport(minimalSubmission()), { includePersonalData: false })));
    bundle.objects.find((o: StixObject) => o.type === 'report').report_types = ['threat-report'];
    const { draft, warnings } = importReportDraft(bundle);
    expect(draft['type']).toBeUndefined();
    expect(warnings).toContainEqual({ field: 'type', reason: 'no WCO report type in report_types' });
  });
});

describe('STIX import: the extension never loosens the handling', () => {
  /** A RED export whose x-wco-customs extension was edited to say CLEAR and all Members (the case). */
  function downgraded(): unknown {
    const bundle = JSON.parse(
      JSON.stringify(
        exportReport(storedReport(fullSubmission({ tlp: 'RED', distribution: { level: 'named_members', members: ['BE'] } })), {
          includePersonalData: false,
        }),
      ),
    );
    const ext = bundle.objects.find((o: StixObject) => o.type === 'report').extensions[WCO_EXTENSION_ID];
    ext.tlp = 'CLEAR';
    ext.distribution = { level: 'all_members' };
    return bundle;
  }

  it('keeps the most restrictive of the TLP marking and the extension, and reports the conflict', () => {
    const { draft, warnings } = importReportDraft(downgraded());
    expect(draft['tlp']).toBe('RED');
    expect(warnings).toContainEqual({
      field: 'tlp',
      reason: 'the TLP marking is RED and the x-wco-customs extension says CLEAR; the more restrictive, RED, is kept',
    });
  });

  it('narrows a distribution wider than the TLP allows, reports it, and leaves the draft to be completed', () => {
    const { draft, warnings } = importReportDraft(downgraded());
    expect(draft['distribution']).toEqual({ level: 'named_members' });
    expect(warnings).toContainEqual({
      field: 'distribution',
      reason: 'distribution all_members is wider than TLP:RED allows; narrowed to named_members',
    });
    // RED goes to named recipients only: the analyst must name them before submitting.
    const validated = validateReport(draft);
    expect(validated.ok).toBe(false);
  });

  it('takes a stricter extension over a looser marking', () => {
    const bundle = JSON.parse(
      JSON.stringify(
        exportReport(storedReport(fullSubmission({ tlp: 'GREEN', distribution: { level: 'all_members' } })), {
          includePersonalData: false,
        }),
      ),
    );
    bundle.objects.find((o: StixObject) => o.type === 'report').extensions[WCO_EXTENSION_ID].tlp = 'AMBER+STRICT';
    const { draft, warnings } = importReportDraft(bundle);
    expect(draft['tlp']).toBe('AMBER+STRICT');
    expect(draft['distribution']).toEqual({ level: 'originator_only' });
    expect(warnings.map((w) => w.field)).toEqual(['tlp', 'distribution']);
  });

  it('never calls a narrower distribution wider: originator_only under RED is left for validation to flag', () => {
    const bundle = JSON.parse(
      JSON.stringify(
        exportReport(storedReport(fullSubmission({ tlp: 'RED', distribution: { level: 'named_members', members: ['BE'] } })), {
          includePersonalData: false,
        }),
      ),
    );
    bundle.objects.find((o: StixObject) => o.type === 'report').extensions[WCO_EXTENSION_ID].distribution = { level: 'originator_only' };
    const { draft, warnings } = importReportDraft(bundle);
    expect(draft['distribution']).toEqual({ level: 'originator_only' });
    expect(warnings).toEqual([]);
    const validated = validateReport(draft);
    expect(validated.ok ? [] : validated.errors.map((e) => e.field)).toContain('distribution');
  });

  it('reports nothing when marking and extension agree', () => {
    const bundle = JSON.parse(
      JSON.stringify(
        exportReport(storedReport(fullSubmission({ tlp: 'RED', distribution: { level: 'named_members', members: ['BE'] } })), {
          includePersonalData: false,
        }),
      ),
    );
    bundle.objects.find((o: StixObject) => o.type === 'report').extensions[WCO_EXTENSION_ID].tlp = 'RED';
    expect(importReportDraft(bundle)).toMatchObject({
      draft: { tlp: 'RED', distribution: { level: 'named_members', members: ['BE'] } },
      warnings: [],
    });
  });
});
