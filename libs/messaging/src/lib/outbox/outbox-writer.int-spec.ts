import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@wco/testing';
import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { messagingDataSource, REPORT_SUBMITTED, reportSubmitted } from '../../test/messaging-test-kit';
import { OutboxWriter } from './outbox-writer';

jest.setTimeout(60_000);

/** The rules of OutboxWriter against the real PostgreSQL (the relay is not involved: rows are read from the table). */
describe('OutboxWriter (real PostgreSQL)', () => {
  const writer = new OutboxWriter('/intel-exchange');
  const topic = 'intel.report.v1';
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('outbox-writer');
    ds = await messagingDataSource(db.url, ['CREATE TABLE seizure_report (id uuid PRIMARY KEY, version int NOT NULL)']);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const event = (subject: string, version: number, id?: string) => ({
    type: REPORT_SUBMITTED,
    subject,
    data: reportSubmitted(randomUUID(), version),
    topic,
    id,
  });
  const versionsOf = async (key: string): Promise<number[]> =>
    (await ds.query(`SELECT (payload->>'version')::int AS v FROM outbox WHERE key = $1 ORDER BY seq`, [key])).map(
      (r: { v: number }) => r.v,
    );

  /** Statements the pg clients sent while `work` ran (every query, TypeORM's and the writer's, goes through Client#query). */
  async function statementsDuring(work: () => Promise<unknown>): Promise<number> {
    const spy = jest.spyOn(Client.prototype, 'query');
    try {
      await work();
      return spy.mock.calls.length;
    } finally {
      spy.mockRestore();
    }
  }

  it('adds no round trip to the transaction: its events reach the table with the COMMIT', async () => {
    const business = async (m: EntityManager): Promise<void> => {
      await m.query('INSERT INTO seizure_report VALUES ($1, 1)', [randomUUID()]);
    };
    const key = randomUUID();
    const without = await statementsDuring(() => ds.transaction(business));
    const withEvents = await statementsDuring(() =>
      ds.transaction(async (m) => {
        await business(m);
        await writer.addMany(m, [event(key, 1), event(key, 2)]);
        // Not in the table before the commit (not even for this transaction): they travel with the COMMIT.
        expect((await m.query(`SELECT count(*)::int AS n FROM outbox WHERE key = $1`, [key]))[0].n).toBe(0);
      }),
    );
    // The check inside the transaction is one statement more; the events themselves add none.
    expect(withEvents).toBe(without + 1);
    expect(await versionsOf(key)).toEqual([1, 2]);
  });

  it('keeps each payload as written and the key byte for byte, whatever characters they hold', async () => {
    const key = `O'Brien \\' \\\\ "quoted" ; DROP TABLE outbox; -- é 中文 😀`;
    const data = reportSubmitted(randomUUID(), 7);
    await ds.transaction((m) => writer.add(m, { type: REPORT_SUBMITTED, subject: key, data, topic }));
    const [row] = await ds.query(`SELECT key, ce_subject, payload::text AS payload, ce_source FROM outbox WHERE key = $1`, [key]);
    expect(row).toEqual({ key, ce_subject: key, payload: JSON.stringify(data), ce_source: '/intel-exchange' });
  });

  it('drops the events of a rolled-back transaction and of a rolled-back savepoint, and keeps a key in order', async () => {
    const key = randomUUID();
    await expect(
      ds.transaction(async (m) => {
        await writer.add(m, event(key, 100));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await ds.transaction(async (m) => {
      await writer.add(m, event(key, 1));
      await expect(
        m.transaction(async (inner) => {
          await writer.add(inner, event(key, 2));
          throw new Error('savepoint rolled back');
        }),
      ).rejects.toThrow('savepoint rolled back');
      await m.transaction((inner) => writer.add(inner, event(key, 3)));
      await writer.add(m, event(key, 4));
    });
    expect(await versionsOf(key)).toEqual([1, 3, 4]);
  });

  it('fails the whole transaction when its events cannot be written, and the connection stays usable', async () => {
    const id = randomUUID();
    const key = randomUUID();
    await ds.transaction((m) => writer.add(m, event(key, 1, id)));
    const report = randomUUID();
    // The same event id again: the append fails at the commit, so the business row must not commit either.
    await expect(
      ds.transaction(async (m) => {
        await m.query('INSERT INTO seizure_report VALUES ($1, 1)', [report]);
        await writer.add(m, event(key, 2, id));
      }),
    ).rejects.toThrow(/outbox_event_id_key/);
    expect(await ds.query('SELECT id FROM seizure_report WHERE id = $1', [report])).toEqual([]);
    expect(await versionsOf(key)).toEqual([1]);
    // Every pooled connection still works and writes events (none was left inside a transaction).
    await Promise.all(Array.from({ length: 8 }, (_, i) => ds.transaction((m) => writer.add(m, event(key, 10 + i)))));
    expect((await versionsOf(key)).length).toBe(9);
  });

  it('refuses to write outside a transaction', async () => {
    await expect(writer.add(ds.manager, event(randomUUID(), 1))).rejects.toThrow(/active transaction/);
  });
});
