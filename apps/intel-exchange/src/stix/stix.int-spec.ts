import { analyst, coordinator, IntelTestApp, startIntelApp } from '../testing/intel-test-app';
import { seizureReport } from '../testing/report-bodies';
import { WCO_EXTENSION_ID } from './report-stix';
import { stixConformanceProblems } from './testing/stix-conformance';

jest.setTimeout(60_000);

const FR = analyst('FR');
const DE = analyst('DE');
const US = analyst('US');
const COORD = coordinator();

describe('STIX routes', () => {
  let t: IntelTestApp;

  beforeAll(async () => {
    t = await startIntelApp('intel_stix');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('exports a report as a deterministic bundle with its TLP marking; personal data only for whom it was released to', async () => {
    const id = (
      await t.call(
        FR,
        'POST',
        '/reports',
        seizureReport({
          tlp: 'AMBER',
          distribution: { level: 'named_members', members: ['DE', 'US'] },
          persons: [{ role: 'driver' }],
          personalData: { persons: [{ personIndex: 0, familyName: 'Dupont' }] },
          personalDataReleasedTo: ['DE'],
        }),
      )
    ).body.id;
    const first = await t.call(DE, 'GET', `/reports/${id}/stix`);
    expect(first.status).toBe(200);
    expect(stixConformanceProblems(first.body)).toEqual([]);
    const again = await t.call(DE, 'GET', `/reports/${id}/stix`);
    expect(again.body).toEqual(first.body);
    const report = first.body.objects.find((o: { type: string }) => o.type === 'report');
    expect(report.extensions[WCO_EXTENSION_ID]).toMatchObject({ report_id: id, report_version: 1, originator_member: 'FR' });
    expect(JSON.stringify(first.body)).toContain('Dupont');
    expect(
      first.body.objects.some((o: { type: string; name?: string }) => o.type === 'marking-definition' && /AMBER/.test(o.name ?? '')),
    ).toBe(true);
    const forUs = await t.call(US, 'GET', `/reports/${id}/stix`);
    expect(forUs.status).toBe(200);
    expect(stixConformanceProblems(forUs.body)).toEqual([]);
    expect(JSON.stringify(forUs.body)).not.toContain('Dupont');
  });

  it('obeys export rules: RED is exported by the originator only', async () => {
    const id = (
      await t.call(FR, 'POST', '/reports', seizureReport({ tlp: 'RED', distribution: { level: 'named_members', members: ['DE'] } }))
    ).body.id;
    expect((await t.call(DE, 'GET', `/reports/${id}`)).status).toBe(200);
    const refused = await t.call(DE, 'GET', `/reports/${id}/stix`);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('export_forbidden');
    expect((await t.call(FR, 'GET', `/reports/${id}/stix`)).status).toBe(200);
    expect((await t.call(US, 'GET', `/reports/${id}/stix`)).status).toBe(404);
  });

  it('exports an operation with only the reports the caller may see and export', async () => {
    const op = await t.openOperation(COORD, { name: 'Export operation', commodityFocus: ['drugs'], participants: ['FR', 'DE'] });
    const shared = (
      await t.call(FR, 'POST', '/reports', seizureReport({ operationId: op, distribution: { level: 'operation_participants' } }))
    ).body.id;
    const own = (await t.call(FR, 'POST', '/reports', seizureReport({ operationId: op, distribution: { level: 'originator_only' } }))).body
      .id;
    const reportIds = (body: { objects: { type: string; extensions?: Record<string, { report_id: string }> }[] }) =>
      body.objects
        .filter((o) => o.type === 'report')
        .map((o) => o.extensions![WCO_EXTENSION_ID].report_id)
        .sort();
    expect(reportIds((await t.call(DE, 'GET', `/operations/${op}/stix`)).body)).toEqual([shared]);
    expect(reportIds((await t.call(FR, 'GET', `/operations/${op}/stix`)).body)).toEqual([shared, own].sort());
    const forCoordinator = (await t.call(COORD, 'GET', `/operations/${op}/stix`)).body;
    expect(stixConformanceProblems(forCoordinator)).toEqual([]);
    expect(stixConformanceProblems((await t.call(FR, 'GET', `/operations/${op}/stix`)).body)).toEqual([]);
    const grouping = forCoordinator.objects.find((o: { type: string }) => o.type === 'grouping');
    expect(grouping.name).toBe('Export operation');
    expect((await t.call(US, 'GET', `/operations/${op}/stix`)).status).toBe(404);
  });

  it('imports a bundle as a draft without storing anything', async () => {
    const id = (await t.call(FR, 'POST', '/reports', seizureReport())).body.id;
    const bundle = (await t.call(FR, 'GET', `/reports/${id}/stix`)).body;
    const before = await t.count('report');
    const imported = await t.call(DE, 'POST', '/stix/import', bundle);
    expect(imported.status).toBe(200);
    expect(imported.body.draft).toMatchObject({ type: 'seizure', tlp: 'GREEN', whenWhere: { country: 'FR' } });
    expect(imported.body.errors).toEqual([]);
    expect(await t.count('report')).toBe(before);
    const notBundle = await t.call(DE, 'POST', '/stix/import', { type: 'report' });
    expect(notBundle.status).toBe(400);
    expect(notBundle.body.code).toBe('stix_import_invalid');
  });

  it('exports a new version of a report as the same STIX report: same id, created kept, modified moved', async () => {
    const body = seizureReport();
    const id = (await t.call(FR, 'POST', '/reports', body)).body.id;
    const v1 = (await t.call(FR, 'GET', `/reports/${id}/stix`)).body;
    expect((await t.call(FR, 'POST', `/reports/${id}/versions`, { ...body, concealment: { code: 'false_bottom' } })).status).toBe(201);
    const v2 = (await t.call(FR, 'GET', `/reports/${id}/stix`)).body;
    expect(stixConformanceProblems(v2)).toEqual([]);
    const [r1, r2] = [v1, v2].map((b) => b.objects.find((o: { type: string }) => o.type === 'report'));
    expect(r2.id).toBe(r1.id);
    expect(r2.created).toBe(r1.created);
    expect(Date.parse(r2.modified)).toBeGreaterThan(Date.parse(r1.modified));
    expect(r2.extensions[WCO_EXTENSION_ID].report_version).toBe(2);
  });

  it('import keeps the stricter marking when the extension was edited to loosen it, and says so', async () => {
    const id = (
      await t.call(FR, 'POST', '/reports', seizureReport({ tlp: 'RED', distribution: { level: 'named_members', members: ['DE'] } }))
    ).body.id;
    const bundle = (await t.call(FR, 'GET', `/reports/${id}/stix`)).body;
    const ext = bundle.objects.find((o: { type: string }) => o.type === 'report').extensions[WCO_EXTENSION_ID];
    Object.assign(ext, { tlp: 'CLEAR', distribution: { level: 'all_members' } });
    const imported = await t.call(FR, 'POST', '/stix/import', bundle);
    expect(imported.status).toBe(200);
    expect(imported.body.draft).toMatchObject({ tlp: 'RED', distribution: { level: 'named_members' } });
    expect(imported.body.warnings.map((w: { field: string }) => w.field)).toEqual(['tlp', 'distribution']);
    expect(imported.body.errors).toContainEqual(expect.objectContaining({ field: 'distribution' }));
  });

  it('import refuses a bundle that is not valid STIX 2.1, naming the path of each error', async () => {
    const id = (await t.call(FR, 'POST', '/reports', seizureReport())).body.id;
    const bundle = (await t.call(FR, 'GET', `/reports/${id}/stix`)).body;
    const at = bundle.objects.findIndex((o: { type: string }) => o.type === 'report');
    Object.assign(bundle.objects[at], { id: 'report--xyz', created: 'yesterday', confidence: 150 });
    const refused = await t.call(DE, 'POST', '/stix/import', bundle);
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('stix_import_invalid');
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual([
      `objects.${at}.id`,
      `objects.${at}.created`,
      `objects.${at}.confidence`,
    ]);
  });

  it('import says what is wrong: a bundle with no report holds none; a "__proto__" key is refused by name', async () => {
    const empty = await t.call(DE, 'POST', '/stix/import', require('./testing/fixtures/oasis-indicator-for-c2-ip-address.json'));
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ code: 'stix_import_invalid', detail: 'bundle holds no report' });
    const poisoned = await t.call(
      DE,
      'POST',
      '/stix/import',
      '{"type":"bundle","id":"bundle--44af6c39-c09b-49c5-9de2-394224b04982","objects":[],"__proto__":{"x":1}}',
      { 'content-type': 'application/json' },
    );
    expect(poisoned.status).toBe(400);
    expect(poisoned.body.code).toBe('forbidden_property_name');
    expect(poisoned.body.detail).toContain('"__proto__" is not allowed as a property name');
    expect(poisoned.body.detail).not.toMatch(/malformed|not valid JSON/i);
    const escaped = await t.call(DE, 'POST', '/stix/import', '{"type":"bundle","\\u005f_proto__":{}}', {
      'content-type': 'application/json',
    });
    expect(escaped.body.code).toBe('forbidden_property_name');
    const broken = await t.call(DE, 'POST', '/stix/import', '{"type":"bundle",', { 'content-type': 'application/json' });
    expect(broken.body.code).toBe('malformed_json');
  });
});
