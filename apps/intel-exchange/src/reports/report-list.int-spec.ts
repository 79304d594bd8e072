import { analyst, containerNumber, coordinator, IntelTestApp, startIntelApp } from '../testing/intel-test-app';
import { seizureReport } from '../testing/report-bodies';

jest.setTimeout(60_000);

const FR = analyst('FR');
const DE = analyst('DE');
const COORD = coordinator();

describe('report list: filters in the database, cursor pagination, page-size cap', () => {
  let t: IntelTestApp;
  let operationId: string;
  const ids: Record<string, string> = {};
  let serial = 800_000;

  beforeAll(async () => {
    t = await startIntelApp('intel_list');
    operationId = await t.openOperation(COORD, { name: 'List operation', commodityFocus: ['tobacco'], participants: ['FR', 'DE'] });
    const submit = async (key: string, over: Record<string, unknown>) => {
      const res = await t.call(
        FR,
        'POST',
        '/reports',
        seizureReport({ conveyance: { transportMode: 'sea', containers: [{ number: containerNumber('LST', serial++) }] }, ...over }),
      );
      expect(res.status).toBe(201);
      ids[key] = res.body.id;
    };
    await submit('cocaine', {});
    await submit('cigarettes', {
      type: 'suspicious_consignment',
      whenWhere: { detectedAt: '2026-01-05T10:00:00Z', country: 'DE', locationType: 'land_border', direction: 'import' },
      goods: [{ commodityCategory: 'tobacco', description: 'Cigarettes', hsCode: '240220', quantity: { value: 5000, unit: 'sticks' } }],
      concealment: { code: 'false_compartment' },
      detection: { code: 'risk_profiling' },
      route: { origin: { country: 'AE' }, transit: [{ country: 'TR' }], destination: { country: 'DE' } },
      operationId,
      distribution: { level: 'operation_participants' },
    });
    await submit('ivory', {
      type: 'alert',
      whenWhere: { detectedAt: '2026-03-01T10:00:00Z', country: 'KE', locationType: 'airport', direction: 'export' },
      goods: [{ commodityCategory: 'wildlife_cites', description: 'Ivory', hsCode: '050710' }],
      concealment: undefined,
      detection: { code: 'sniffer_dog' },
      route: { origin: { country: 'KE' }, destination: { country: 'VN' } },
    });
    for (let i = 0; i < 7; i++) {
      await submit(`bulk${i}`, {
        whenWhere: {
          detectedAt: `2025-12-${String(10 + i).padStart(2, '0')}T00:00:00Z`,
          country: 'FR',
          locationType: 'seaport',
          direction: 'import',
        },
      });
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const list = async (query: string) => {
    const res = await t.call(DE, 'GET', `/reports?${query}`);
    expect(res.status).toBe(200);
    return res.body.items.map((i: { id: string }) => i.id) as string[];
  };

  it('filters by operation, type, commodity, HS chapter and heading, date range, route country, concealment, detection', async () => {
    expect(await list(`operationId=${operationId}`)).toEqual([ids['cigarettes']]);
    expect(await list('type=alert')).toEqual([ids['ivory']]);
    expect(await list('commodity=tobacco')).toEqual([ids['cigarettes']]);
    expect(await list('hsChapter=24')).toEqual([ids['cigarettes']]);
    expect(await list('hsHeading=0507')).toEqual([ids['ivory']]);
    expect(await list('hsHeading=2939&limit=100')).toHaveLength(8);
    expect(await list('detectedFrom=2026-01-01T00:00:00Z&detectedTo=2026-02-01T00:00:00Z')).toEqual([ids['cigarettes']]);
    expect(await list('routeCountry=TR')).toEqual([ids['cigarettes']]);
    expect(await list('routeCountry=VN')).toEqual([ids['ivory']]);
    expect(await list('concealment=false_compartment')).toEqual([ids['cigarettes']]);
    expect(await list('detection=sniffer_dog')).toEqual([ids['ivory']]);
    expect(await list('commodity=tobacco&type=seizure')).toEqual([]);
  });

  it('pages newest detection first with an opaque cursor; no report is skipped or repeated', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await t.call(DE, 'GET', `/reports?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.items.map((i: { id: string }) => i.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(10);
    expect(seen[0]).toBe(ids['ivory']);
    expect(seen.slice(-1)[0]).toBe(ids['bulk0']);
  });

  it('caps the page size and refuses bad parameters with a problem naming them', async () => {
    const tooMany = await t.call(DE, 'GET', '/reports?limit=101');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors.map((e: { field: string }) => e.field)).toEqual(['limit']);
    const bad = await t.call(DE, 'GET', '/reports?cursor=not-a-cursor&hsChapter=2&routeCountry=XX&unknown=1');
    expect(bad.status).toBe(400);
    expect(new Set(bad.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['hsChapter', 'routeCountry', 'unknown']));
    const forged = await t.call(DE, 'GET', `/reports?cursor=${Buffer.from('["x","y"]').toString('base64url')}`);
    expect(forged.status).toBe(400);
    expect(forged.body.errors).toEqual([{ field: 'cursor', reason: expect.stringContaining('not a cursor') }]);
  });

  it('records a receipt for each report of a list page, in one batch', async () => {
    const before: { n: string }[] = await t.dataSource.query(`SELECT count(*) AS n FROM access_receipt WHERE access_kind = 'list'`);
    const page = await list('limit=5');
    const after: { report_id: string }[] = await t.dataSource.query(
      `SELECT report_id FROM access_receipt WHERE access_kind = 'list' ORDER BY accessed_at DESC, id DESC LIMIT 5`,
    );
    expect(after.map((r) => r.report_id).sort()).toEqual([...page].sort());
    const total: { n: string }[] = await t.dataSource.query(`SELECT count(*) AS n FROM access_receipt WHERE access_kind = 'list'`);
    expect(Number(total[0].n) - Number(before[0].n)).toBe(5);
  });
});
