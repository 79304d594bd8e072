import { ReportPurgedEvent } from '@wco/contracts';
import { analyst, containerNumber, EventCollector, IntelTestApp, startIntelApp } from '../testing/intel-test-app';
import { seizureReport } from '../testing/report-bodies';
import { IdempotentRepliesByReference1767484800000 } from '../migrations/1767484800000-idempotent-replies-by-reference';
import { RetentionService } from './retention.service';

jest.setTimeout(60_000);

const FR = analyst('FR');
const DE = analyst('DE');

describe('retention: reports past their date are purged to a tombstone, with an event', () => {
  let t: IntelTestApp;
  let collector: EventCollector;
  let serial = 900_000;

  beforeAll(async () => {
    t = await startIntelApp('intel_retention', { kafka: true, env: { RETENTION_BATCH_SIZE: '2' } });
    collector = new EventCollector();
    await collector.start([t.topics['intel.lifecycle.v1']]);
  });
  afterAll(async () => {
    await collector?.stop();
    await t?.close();
  });

  const submit = async (u = FR) => {
    const res = await t.call(
      u,
      'POST',
      '/reports',
      seizureReport({
        conveyance: { transportMode: 'sea', containers: [{ number: containerNumber('RET', serial++) }] },
        persons: [{ role: 'driver' }],
        personalData: {
          persons: [
            { personIndex: 0, familyName: 'Mustermann', documents: [{ type: 'passport', number: 'C01X00T47', issuingCountry: 'DE' }] },
          ],
        },
        personalDataReleasedTo: ['DE'],
      }),
    );
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const expire = (ids: string[]) =>
    t.dataSource.query(`UPDATE report SET retention_until = current_date - 1 WHERE id = ANY($1::uuid[])`, [ids]);

  it('deletes personal data, free text and indicators, keeps a tombstone and emits report.purged', async () => {
    const expired = await submit();
    const kept = await submit();
    await t.call(DE, 'GET', `/reports/${expired}`);
    await expire([expired]);

    const result = await t.app.get(RetentionService).sweepAll();
    expect(result.purged).toEqual([expired]);

    expect(await t.dataSource.query('SELECT 1 FROM restricted.report_personal_data WHERE report_id = $1', [expired])).toEqual([]);
    expect((await t.dataSource.query('SELECT 1 FROM restricted.report_personal_data WHERE report_id = $1', [kept])).length).toBe(1);
    const versions: { content: Record<string, unknown> }[] = await t.dataSource.query(
      'SELECT content FROM report_version WHERE report_id = $1',
      [expired],
    );
    const text = JSON.stringify(versions[0].content);
    expect(text).not.toContain('Cocaine');
    expect(text).not.toContain('RETU');
    expect(versions[0].content).toMatchObject({ type: 'seizure', goods: [{ commodityCategory: 'drugs', description: '' }] });
    expect(await t.dataSource.query('SELECT 1 FROM report_indicator WHERE report_id = $1', [expired])).toEqual([]);
    const tombstone: { purged: boolean }[] = await t.dataSource.query('SELECT purged_at IS NOT NULL AS purged FROM report WHERE id = $1', [
      expired,
    ]);
    expect(tombstone).toEqual([{ purged: true }]);
    // Who read it stays on record.
    expect((await t.dataSource.query('SELECT 1 FROM access_receipt WHERE report_id = $1', [expired])).length).toBe(1);

    const read = await t.call(FR, 'GET', `/reports/${expired}`);
    expect(read.status).toBe(404);
    expect(read.body.code).toBe('report_purged');
    expect((await t.call(FR, 'GET', '/reports')).body.items.map((i: { id: string }) => i.id)).toEqual([kept]);

    const events = await collector.waitFor((e) => e.some((x) => x.event.subject === expired));
    const purged = events.find((x) => x.event.subject === expired)!;
    expect(purged.event.type).toBe(ReportPurgedEvent.type);
    expect(purged.event.data).toMatchObject({ reportId: expired, action: 'purged' });
    // Read models drop a report by its id; who held it is no broker client's business.
    expect(purged.event.data).not.toHaveProperty('originatorMember');
    expect((await t.app.get(RetentionService).sweepAll()).purged).toEqual([]);
  });

  it('concurrent sweeps (SKIP LOCKED) purge every due report exactly once', async () => {
    const ids = [await submit(), await submit(), await submit(), await submit(), await submit()];
    await expire(ids);
    const service = t.app.get(RetentionService);
    const [a, b] = await Promise.all([service.sweepAll(), service.sweepAll()]);
    const all = [...a.purged, ...b.purged];
    expect(all.sort()).toEqual([...ids].sort());
    expect(new Set(all).size).toBe(all.length);
    const events = await collector.waitFor((e) => ids.every((id) => e.some((x) => x.event.subject === id)));
    for (const id of ids) expect(events.filter((x) => x.event.subject === id)).toHaveLength(1);
  });

  /** Tables of a schema whose rows, as JSON, contain one of the needles. */
  const tablesHolding = async (schema: string, needles: string[]): Promise<string[]> => {
    const tables: { table_name: string }[] = await t.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`,
      [schema],
    );
    const holding: string[] = [];
    for (const { table_name } of tables) {
      const rows: { n: string }[] = await t.dataSource.query(
        `SELECT count(*) AS n FROM "${schema}"."${table_name}" x WHERE ${needles.map((_, i) => `to_jsonb(x)::text LIKE $${i + 1}`).join(' OR ')}`,
        needles.map((n) => `%${n}%`),
      );
      if (Number(rows[0].n) > 0) holding.push(`${schema}.${table_name}`);
    }
    return holding;
  };

  it('personal data of an idempotent submission lives in the restricted schema only, and is gone with the report', async () => {
    const name = 'Idempotenzova';
    const passport = 'P7IDEM042';
    const body = seizureReport({
      conveyance: { transportMode: 'sea', containers: [{ number: containerNumber('RET', serial++) }] },
      persons: [{ role: 'driver' }],
      personalData: {
        persons: [{ personIndex: 0, familyName: name, documents: [{ type: 'passport', number: passport, issuingCountry: 'CZ' }] }],
      },
    });
    const first = await t.call(FR, 'POST', '/reports', body, { 'idempotency-key': 'retention-idem-1' });
    expect(first.status).toBe(201);
    expect(first.body.personalData.persons[0].familyName).toBe(name);
    const retry = await t.call(FR, 'POST', '/reports', body, { 'idempotency-key': 'retention-idem-1' });
    expect({ status: retry.status, replayed: retry.headers['idempotency-replayed'], body: retry.body }).toEqual({
      status: 201,
      replayed: 'true',
      body: first.body,
    });

    expect(await tablesHolding('public', [name, passport])).toEqual([]);
    expect(await tablesHolding('restricted', [name, passport])).toEqual(['restricted.report_personal_data']);

    await expire([first.body.id]);
    expect((await t.app.get(RetentionService).sweepAll()).purged).toEqual([first.body.id]);
    expect([...(await tablesHolding('public', [name, passport])), ...(await tablesHolding('restricted', [name, passport]))]).toEqual([]);
    const afterPurge = await t.call(FR, 'POST', '/reports', body, { 'idempotency-key': 'retention-idem-1' });
    expect({ status: afterPurge.status, code: afterPurge.body.code }).toEqual({ status: 404, code: 'report_purged' });
  });

  it('replies stored whole before the fix become references to the report', async () => {
    const id = await submit();
    const view = (await t.call(FR, 'GET', `/reports/${id}`)).body;
    expect(view.personalData).toBeDefined();
    await t.dataSource.query(
      `INSERT INTO idempotency_key (scope, key, request_hash, response_status, response_body) VALUES ($1, 'stored-whole', 'h', 201, $2::jsonb)`,
      [`intel-exchange:POST /reports:FR:${FR.subject}`, JSON.stringify(view)],
    );
    const runner = t.dataSource.createQueryRunner();
    await new IdempotentRepliesByReference1767484800000().up(runner);
    await runner.release();
    const stored: { response_body: unknown }[] = await t.dataSource.query(
      `SELECT response_body FROM idempotency_key WHERE key = 'stored-whole'`,
    );
    expect(stored).toEqual([{ response_body: { reportId: id, version: 1 } }]);
  });
});
