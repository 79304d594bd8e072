import { analyst, coordinator, IntelTestApp, startIntelApp } from '../testing/intel-test-app';
import { seizureReport } from '../testing/report-bodies';
import { WCO_EXTENSION_ID } from '../stix/report-stix';

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
    expect(first.body.type).toBe('bundle');
    const again = await t.call(DE, 'GET', `/reports/${id}/stix`);
    expect(again.body).toEqual(first.body);
    const report = first.body.objects.find((o: { type: string }) => o.type === 'report');
    expect(report.extensions[WCO_EXTENSION_ID]).toMatchObject({ report_id: id, report_version: 1, originator_member: 'FR' });
    expect(JSON.stringify(first.body)).toContain('Dupont');
    expect(first.body.objects.some((o: { type: string; name?: string }) => o.type === 'marking-definition' && /AMBER/.test(o.name ?? ''))).toBe(true);
    const forUs = await t.call(US, 'GET', `/reports/${id}/stix`);
    expect(forUs.status).toBe(200);
    expect(JSON.stringify(forUs.body)).not.toContain('Dupont');
  });

  it('obeys export rules: RED is exported by the originator only', async () => {
    const id = (await t.call(FR, 'POST', '/reports', seizureReport({ tlp: 'RED', distribution: { level: 'named_members', members: ['DE'] } }))).body.id;
    expect((await t.call(DE, 'GET', `/reports/${id}`)).status).toBe(200);
    const refused = await t.call(DE, 'GET', `/reports/${id}/stix`);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('export_forbidden');
    expect((await t.call(FR, 'GET', `/reports/${id}/stix`)).status).toBe(200);
    expect((await t.call(US, 'GET', `/reports/${id}/stix`)).status).toBe(404);
  });

  it('exports an operation with only the reports the caller may see and export', async () => {
    const op = await t.openOperation(COORD, { name: 'Export operation', commodityFocus: ['drugs'], participants: ['FR', 'DE'] });
    const shared = (await t.call(FR, 'POST', '/reports', seizureReport({ operationId: op, distribution: { level: 'operation_participants' } }))).body.id;
    const own = (await t.call(FR, 'POST', '/reports', seizureReport({ operationId: op, distribution: { level: 'originator_only' } }))).body.id;
    const reportIds = (body: { objects: { type: string; extensions?: Record<string, { report_id: string }> }[] }) =>
      body.objects.filter((o) => o.type === 'report').map((o) => o.extensions![WCO_EXTENSION_ID].report_id).sort();
    expect(reportIds((await t.call(DE, 'GET', `/operations/${op}/stix`)).body)).toEqual([shared]);
    expect(reportIds((await t.call(FR, 'GET', `/operations/${op}/stix`)).body)).toEqual([shared, own].sort());
    const grouping = (await t.call(COORD, 'GET', `/operations/${op}/stix`)).body.objects.find((o: { type: string }) => o.type === 'grouping');
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
});
