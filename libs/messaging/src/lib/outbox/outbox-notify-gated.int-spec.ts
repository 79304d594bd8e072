import { randomUUID } from 'node:crypto';
import { dlqTopicOf, validateEventPayload } from '@wco/contracts';
import { createTestDatabase, createTopics, testInfra, uniqueTopic, type TestDatabase } from '@wco/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { collectTopic, REPORT_SUBMITTED, reportSubmitted, waitFor } from '../../test/messaging-test-kit';
import { MESSAGING_MIGRATIONS } from '../migrations/messaging-migrations';
import { OUTBOX_CHANNEL } from './outbox.constants';
import { OutboxRelay } from './outbox-relay';
import { OutboxWriter } from './outbox-writer';

jest.setTimeout(90_000);

/** With the gated trigger the relay is woken once per wait, and no committed row waits for the poll. */
describe('outbox NOTIFY only while a relay waits (real PostgreSQL and Kafka)', () => {
  const { kafkaBrokers } = testInfra();
  const topic = uniqueTopic('gated');
  const writer = new OutboxWriter('/intel-exchange');
  let db: TestDatabase;
  let ds: DataSource;
  let relay: OutboxRelay | undefined;
  let listener: Client;
  let notifications = 0;

  const write = (id = randomUUID()) =>
    ds.transaction((m) => writer.add(m, { type: REPORT_SUBMITTED, subject: id, data: reportSubmitted(id, 1), topic }));
  /** A row written as by another process: not through TypeORM, so only the trigger's NOTIFY can wake the relay for it. */
  const insertFromOtherProcess = (client: Client, id: string) =>
    client.query(
      `INSERT INTO outbox (event_id, topic, key, shard, ce_type, ce_source, ce_subject, ce_time, payload)
       VALUES ($1::uuid, $2, $1::text, 0, $3, '/intel-exchange', $1::text, now(), $4::jsonb)`,
      [id, topic, REPORT_SUBMITTED, JSON.stringify(reportSubmitted(id, 1))],
    );
  const backlog = async (): Promise<number> => (await ds.query('SELECT count(*)::int AS n FROM outbox'))[0].n;
  /** A relay with a one-minute poll, once it has registered and waits for a NOTIFY. */
  const startWaitingRelay = async (): Promise<void> => {
    relay = new OutboxRelay({ dataSource: ds, brokers: kafkaBrokers, pollIntervalMs: 60_000 });
    relay.start();
    await waitFor(
      async () => (await ds.query('SELECT count(*)::int AS n FROM outbox_waiting_relay'))[0].n === 1,
      10_000,
      'the relay to register',
    );
  };
  /** `count` writes, each after the relay is back in its wait, each published long before the poll. */
  const expectEachWritePublishedSoon = async (count: number): Promise<void> => {
    for (let i = 0; i < count; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const started = Date.now();
      await write();
      await waitFor(async () => (await backlog()) === 0, 10_000, `write ${i + 1} to be published`);
      expect(Date.now() - started).toBeLessThan(5000);
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase('gated');
    ds = new DataSource({
      type: 'postgres',
      url: db.url,
      migrations: MESSAGING_MIGRATIONS,
      extra: { max: 12 },
    });
    await ds.initialize();
    await ds.runMigrations();
    await createTopics(kafkaBrokers, [
      { topic, numPartitions: 3 },
      { topic: dlqTopicOf(topic), numPartitions: 1 },
    ]);
    listener = new Client({ connectionString: db.url });
    await listener.connect();
    listener.on('notification', () => notifications++);
    await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
  });

  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
  });

  afterAll(async () => {
    await listener?.end();
    await ds?.destroy();
    await db?.drop();
  });

  it('keeps the payload as the writer wrote it, and the relay sends exactly that text', async () => {
    const id = randomUUID();
    // Keys not in jsonb's order (shortest first): jsonb would store them reordered and print them with spaces.
    const data = reportSubmitted(id, 1);
    const stored = JSON.stringify(validateEventPayload(REPORT_SUBMITTED, data));
    expect(stored).not.toBe((await ds.query(`SELECT $1::jsonb::text AS t`, [stored]))[0].t);
    await ds.transaction((m) => writer.add(m, { type: REPORT_SUBMITTED, subject: id, data, topic }));
    const [row] = await ds.query(`SELECT pg_typeof(payload)::text AS type, payload::text AS text FROM outbox WHERE ce_subject = $1`, [id]);
    expect(row).toEqual({ type: 'json', text: stored });
    await startWaitingRelay();
    const seen = await collectTopic(kafkaBrokers, topic, (c) => c.some((m) => m.event?.subject === id));
    const message = seen.find((m) => m.event?.subject === id);
    expect(message?.message.value?.toString('utf8')).toBe(stored);
    expect(message?.event?.data).toEqual(data);
  });

  it('sends no NOTIFY while no relay waits', async () => {
    await ds.query('DELETE FROM outbox_waiting_relay');
    notifications = 0;
    for (let i = 0; i < 10; i++) await write();
    await new Promise((r) => setTimeout(r, 300));
    expect(notifications).toBe(0);
    await ds.query('DELETE FROM outbox');
  });

  it('a relay registering waits for the writers already past the trigger, so its next claim sees their rows', async () => {
    await ds.query('DELETE FROM outbox_waiting_relay');
    const idle = new OutboxRelay({ dataSource: ds, brokers: kafkaBrokers, pollIntervalMs: 60_000 });
    const register = () => (idle as unknown as { registerWaiting(): Promise<void> }).registerWaiting();
    const writerClient = new Client({ connectionString: db.url });
    await writerClient.connect();
    try {
      // A writer inside its transaction, after its outbox INSERT (no relay registered: it will not notify).
      const id = randomUUID();
      await writerClient.query('BEGIN');
      await writerClient.query(
        `INSERT INTO outbox (event_id, topic, key, shard, ce_type, ce_source, ce_subject, ce_time, payload)
         VALUES ($1::uuid, $2, $1::text, 0, $3, '/intel-exchange', $1::text, now(), '{}'::jsonb)`,
        [id, topic, REPORT_SUBMITTED],
      );
      let registered = false;
      const registration = register().then(() => (registered = true));
      await new Promise((r) => setTimeout(r, 500));
      // Registered now, the relay would claim without this row and then wait for a NOTIFY nobody sends.
      expect(registered).toBe(false);
      await writerClient.query('COMMIT');
      await registration;
      expect((await ds.query('SELECT event_id FROM outbox WHERE event_id = $1', [id])).length).toBe(1);
      // A writer after the registration notifies.
      notifications = 0;
      await write();
      await waitFor(() => notifications === 1, 5000, 'the NOTIFY of the writer after the registration');
    } finally {
      await writerClient.end();
      await ds.query('DELETE FROM outbox');
    }
  });

  it('wakes an idle relay again and again, long before its poll', async () => {
    await startWaitingRelay();
    await expectEachWritePublishedSoon(5);
  });

  it("a commit of the relay's own process wakes it at once, with no NOTIFY at all", async () => {
    await ds.query('ALTER TABLE outbox DISABLE TRIGGER outbox_notify');
    try {
      await startWaitingRelay();
      notifications = 0;
      await expectEachWritePublishedSoon(5);
      expect(notifications).toBe(0);
    } finally {
      await ds.query('ALTER TABLE outbox ENABLE TRIGGER outbox_notify');
    }
  });

  it('rows of another process (no commit of ours to wake the relay) still arrive by NOTIFY, long before the poll', async () => {
    await startWaitingRelay();
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 200));
        const id = randomUUID();
        const started = Date.now();
        await insertFromOtherProcess(other, id);
        await waitFor(async () => (await backlog()) === 0, 10_000, `the other process's row ${i + 1} to be published`);
        expect(Date.now() - started).toBeLessThan(5000);
      }
    } finally {
      await other.end();
    }
  });

  it('while its own process keeps committing, the relay does not register (no writer held back, no NOTIFY), yet rows of another process arrive soon; once quiet it registers again', async () => {
    await startWaitingRelay();
    notifications = 0;
    const registered = async (): Promise<number> => (await ds.query('SELECT count(*)::int AS n FROM outbox_waiting_relay'))[0].n;
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      const samples: number[] = [];
      let otherRow: { id: string; at: number } | undefined;
      for (let i = 0; i < 40; i++) {
        await new Promise((r) => setTimeout(r, 25));
        await write();
        if (i > 0) samples.push(await registered());
        if (i === 20) {
          const id = randomUUID();
          otherRow = { id, at: Date.now() };
          // No relay is registered, so its trigger does not notify: the busy relay's next look finds it.
          await insertFromOtherProcess(other, id);
        }
      }
      await waitFor(async () => (await backlog()) === 0, 10_000, 'every row to be published');
      // The first write found the relay registered: its trigger removed the registration and notified, once.
      expect(notifications).toBe(1);
      expect(samples.every((n) => n === 0)).toBe(true);
      expect(otherRow).toBeDefined();
      const published = await ds.query('SELECT count(*)::int AS n FROM outbox WHERE event_id = $1', [otherRow!.id]);
      expect(published[0].n).toBe(0);
      // Quiet again: the relay registers for a NOTIFY, so another process's row still wakes it long before the poll.
      await waitFor(async () => (await registered()) === 1, 5000, 'the relay to register again once quiet');
      const id = randomUUID();
      const started = Date.now();
      await insertFromOtherProcess(other, id);
      await waitFor(async () => (await backlog()) === 0, 10_000, "the other process's row to be published");
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await other.end();
    }
  });

  it('publishes every row of many concurrent writers without waiting for the poll, with fewer NOTIFYs than transactions', async () => {
    await startWaitingRelay();
    notifications = 0;
    const transactions = 400;
    let next = 0;
    const started = Date.now();
    // Writers commit while the relay claims, registers and waits: the races the wake lock closes.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next++ < transactions) await write();
      }),
    );
    await waitFor(async () => (await backlog()) === 0, 30_000, 'every row to be published');
    expect(Date.now() - started).toBeLessThan(30_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(notifications).toBeGreaterThan(0);
    // Commits of the relay's own process arrive while it claims, so it seldom registers (and each registration holds
    // back every writer at the trigger until the writers before it have committed).
    expect(notifications).toBeLessThan(transactions / 4);
  });
});
