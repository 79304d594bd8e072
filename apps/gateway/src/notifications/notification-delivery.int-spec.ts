import {
  dlqTopicOf,
  encodeEvent,
  IndicatorKind,
  MatchFoundEvent,
  MissionNewsEvent,
  PublicationNotificationEvent,
  PublicationReleasedEvent,
  RequestMovedEvent,
  Topics,
} from '@wco/contracts';
import { EventCollector, testInfra } from '@wco/testing';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { memberAnalyst, secretariatAnalyst, GatewayTestApp, startGatewayApp, TestUser } from '../testing/gateway-test-app';
import { SseClient } from '../testing/sse-client';
import { WebhookReceiver } from '../testing/webhook-receiver';

jest.setTimeout(120_000);

const MEMBERS = ['FR', 'KE', 'BR'] as const;
type Member = (typeof MEMBERS)[number];
const analyst = (m: Member): TestUser => memberAnalyst(m);

// Events for Members go through the real broker and the gateway's consumer; what each Member must get is derived
// here from the events' addressees (the rule under test: a notification goes to the Member the event names and to
// no one else), not from the gateway's code.
describe('notification delivery: Kafka -> notifications -> SSE, list and webhooks, per Member', () => {
  let t: GatewayTestApp;
  let producer: Producer;
  let dlq: EventCollector;
  const receivers = new Map<Member, WebhookReceiver>();
  /** Streams a test opened, closed after it whatever its outcome (the per-Member cap counts them). */
  const opened: SseClient[] = [];
  afterEach(async () => {
    for (const s of opened.splice(0)) s.close();
    await new Promise((r) => setTimeout(r, 100));
  });
  const webhookIds = new Map<Member, string>();

  beforeAll(async () => {
    t = await startGatewayApp('gw_notify', { kafka: true, env: { GATEWAY_SSE_MAX_CONNECTIONS_PER_MEMBER: '3' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    producer = new Kafka({ clientId: 'gateway-notify-test', brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    dlq = new EventCollector();
    await dlq.start([dlqTopicOf(t.topics[Topics.IntelMatch])]);
    for (const m of MEMBERS) {
      const receiver = await new WebhookReceiver().start();
      const created = await t.call(analyst(m), 'POST', '/webhooks', { title: `${m} receiver`, url: receiver.url });
      expect(created.status).toBe(201);
      receiver.secrets = [created.body.secret as string];
      receivers.set(m, receiver);
      webhookIds.set(m, created.body.id as string);
    }
  });
  afterAll(async () => {
    await producer?.disconnect();
    await dlq?.stop();
    for (const r of receivers.values()) await r.stop();
    await t?.close();
  });

  const send = async (topic: string, type: string, subject: string, data: object, id: string = randomUUID()): Promise<string> => {
    await producer.send({ topic, messages: [encodeEvent({ id, type, source: '/test', subject, data })] });
    return id;
  };
  const match = (member: string, matchId = randomUUID()) => ({
    matchId,
    reportId: randomUUID(),
    matchedReportId: randomUUID(),
    memberToNotify: member,
    indicatorKinds: [IndicatorKind.Container],
    matchedAt: new Date().toISOString(),
  });
  /** `subject` (the Kafka key) defaults to the match id; another one puts the event on that key's partition. */
  const sendMatch = (data: ReturnType<typeof match>, id?: string, subject = data.matchId) =>
    send(t.topics[Topics.IntelMatch], MatchFoundEvent.type, subject, data, id);
  const stream = async (user: TestUser, lastEventId?: string) => {
    const client = new SseClient(`${await t.app.getUrl()}/notifications/stream`, {
      authorization: `Bearer ${await t.token(user)}`,
      ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
    });
    opened.push(client);
    return client.open();
  };
  const notificationsOf = async (user: TestUser) => {
    const res = await t.call(user, 'GET', '/notifications?limit=100');
    expect(res.status).toBe(200);
    return res.body.items as {
      id: string;
      sequence: number;
      member: string;
      type: string;
      subject: string;
      data: Record<string, unknown>;
    }[];
  };

  it('gives each Member its own notifications, and no other Member’s, on the stream, the list and its webhook', async () => {
    const streams = new Map<string, SseClient>();
    for (const m of MEMBERS) streams.set(m, await stream(analyst(m)));
    const wco = await stream(secretariatAnalyst);
    opened.push(...streams.values(), wco);
    for (const s of [...streams.values(), wco]) expect(s.status).toBe(200);

    // What each organisation must get: subject ids of the events addressed to it.
    const expected = new Map<string, string[]>([...MEMBERS, 'WCO'].map((m) => [m, []]));
    for (const m of MEMBERS) {
      const data = match(m);
      await sendMatch(data);
      expected.get(m)!.push(data.matchId);

      const publicationId = randomUUID();
      const versionId = randomUUID();
      // Two users of the Member follow the publication's topics: the Member is told once.
      for (const subscriber of [`user-${m}-1`, `user-${m}-2`]) {
        await send(t.topics[Topics.ResearchPublication], PublicationNotificationEvent.type, publicationId, {
          publicationId,
          versionId,
          version: 1,
          change: 'released',
          subscriber,
          subscriberMember: m,
          matchedTopics: ['e-commerce'],
          occurredAt: new Date().toISOString(),
        });
      }
      expected.get(m)!.push(publicationId);

      const missionId = randomUUID();
      await send(t.topics[Topics.AssistanceMission], MissionNewsEvent.type, missionId, {
        missionId,
        requestId: randomUUID(),
        member: m,
        news: 'funded',
        title: 'Post-clearance audit diagnostic',
        occurredAt: new Date().toISOString(),
      });
      expected.get(m)!.push(missionId);

      // A move of the Member's request (more information requested): for that Member only.
      const requestId = randomUUID();
      await send(t.topics[Topics.AssistanceRequest], RequestMovedEvent.type, requestId, {
        requestId,
        member: m,
        from: 'screening',
        to: 'info_requested',
        version: 4,
        title: 'Post-clearance audit diagnostic',
        reason: 'Please attach the audit manual',
        occurredAt: new Date().toISOString(),
      });
      expected.get(m)!.push(requestId);
    }
    // A Secretariat subscriber's release goes to WCO; the catalogue's broadcast (released) is not a notification.
    const wcoPublication = randomUUID();
    await send(t.topics[Topics.ResearchPublication], PublicationNotificationEvent.type, wcoPublication, {
      publicationId: wcoPublication,
      versionId: randomUUID(),
      version: 2,
      change: 'revised',
      subscriber: 'wco-user-1',
      subscriberMember: 'WCO',
      matchedTopics: ['security'],
      occurredAt: new Date().toISOString(),
    });
    expected.get('WCO')!.push(wcoPublication);
    const broadcast = randomUUID();
    await send(t.topics[Topics.ResearchPublication], PublicationReleasedEvent.type, broadcast, {
      publicationId: broadcast,
      versionId: randomUUID(),
      version: 1,
      publicationType: 'study',
      topics: ['e-commerce'],
      access: 'public',
      restrictedMembers: [],
      title: 'Public study',
      occurredAt: new Date().toISOString(),
    });

    for (const m of MEMBERS) {
      const want = [...expected.get(m)!].sort();
      const events = await streams.get(m)!.waitFor((es) => es.length >= want.length);
      const got = events.map((e) => JSON.parse(e.data) as { member: string; subject: string; sequence: number });
      expect(got.map((n) => n.subject).sort()).toEqual(want);
      expect(new Set(got.map((n) => n.member))).toEqual(new Set([m]));
      // The SSE id is the Member's sequence, increasing.
      const ids = events.map((e) => Number(e.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(got.map((n) => n.sequence)).toEqual(ids);

      const listed = await notificationsOf(analyst(m));
      expect(listed.map((n) => n.subject).sort()).toEqual(want);
      expect(new Set(listed.map((n) => n.member))).toEqual(new Set([m]));

      const receiver = receivers.get(m)!;
      const deliveries = await receiver.waitFor((r) => r.length >= want.length);
      expect(deliveries.map((d) => d.payload.data.subject).sort()).toEqual(want);
      expect(new Set(deliveries.map((d) => d.payload.data.member))).toEqual(new Set([m]));
      expect(deliveries.every((d) => d.verifiedWith.length === 1)).toBe(true);
    }
    const wcoEvents = await wco.waitFor((es) => es.length >= 1);
    expect(wcoEvents.map((e) => (JSON.parse(e.data) as { subject: string }).subject)).toEqual([wcoPublication]);
    expect((await notificationsOf(secretariatAnalyst)).map((n) => n.subject)).toEqual([wcoPublication]);

    // Nothing else arrives later (a late cross-delivery would show up here), and no personal data was stored.
    await new Promise((r) => setTimeout(r, 1000));
    for (const m of MEMBERS) {
      expect(streams.get(m)!.events).toHaveLength(expected.get(m)!.length);
      expect(receivers.get(m)!.received).toHaveLength(expected.get(m)!.length);
    }
    expect(wco.events).toHaveLength(1);
    expect(await t.count('notification')).toBe(MEMBERS.length * 4 + 1);
    const stored = JSON.stringify(await t.dataSource.query(`SELECT data FROM notification`));
    expect(stored).not.toMatch(/user-(FR|KE|BR)-|wco-user-1/);
    for (const s of [...streams.values(), wco]) s.close();
  });

  it('answers a caller of another Member about a webhook exactly as about one that does not exist', async () => {
    const frHook = webhookIds.get('FR')!;
    const unknown = randomUUID();
    for (const m of ['KE', 'BR'] as const) {
      for (const [method, path] of [
        ['GET', ''],
        ['DELETE', ''],
        ['POST', '/rotate-secret'],
        ['POST', '/enable'],
        ['GET', '/deliveries'],
      ] as const) {
        const hidden = await t.call(analyst(m), method, `/webhooks/${frHook}${path}`);
        const missing = await t.call(analyst(m), method, `/webhooks/${unknown}${path}`);
        expect([hidden.status, missing.status]).toEqual([404, 404]);
        expect(JSON.stringify(hidden.body).replaceAll(frHook, '<id>')).toBe(JSON.stringify(missing.body).replaceAll(unknown, '<id>'));
      }
      const list = await t.call(analyst(m), 'GET', '/webhooks');
      expect(list.body.items.map((w: { id: string }) => w.id)).toEqual([webhookIds.get(m)]);
    }
    const secretariat = await t.call(secretariatAnalyst, 'GET', `/webhooks/${frHook}`);
    expect(secretariat.status).toBe(404);
    // FR's endpoint is still there and unchanged.
    const own = await t.call(analyst('FR'), 'GET', `/webhooks/${frHook}`);
    expect(own.body).toMatchObject({ status: 'active', version: 1 });
  });

  it('resumes a stream from Last-Event-ID: what was missed first, in order, then live ones, nothing twice', async () => {
    const FR = analyst('FR');
    // One Kafka key for all of them: one partition, so they are consumed (and numbered) in the order sent.
    const key = randomUUID();
    const sendInOrder = (m: ReturnType<typeof match>) => sendMatch(m, undefined, key);
    const first = await stream(FR);
    const before = [match('FR'), match('FR')];
    for (const m of before) await sendInOrder(m);
    const seen = await first.waitFor((es) => es.length >= 2);
    const lastId = seen[0].id!;
    first.close();
    const missed = [match('FR'), match('FR')];
    for (const m of missed) await sendInOrder(m);
    // Wait until they are recorded, then reconnect after the first event.
    const deadline = Date.now() + 20_000;
    while ((await notificationsOf(FR)).filter((n) => missed.some((m) => m.matchId === n.subject)).length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const resumed = await stream(FR, lastId);
    const live = match('FR');
    const replay = await resumed.waitFor((es) => es.length >= 3);
    await sendInOrder(live);
    const all = await resumed.waitFor((es) => es.length >= 4);
    expect(all.map((e) => (JSON.parse(e.data) as { subject: string }).subject)).toEqual([before[1], ...missed, live].map((m) => m.matchId));
    expect(replay.slice(0, 3).map((e) => Number(e.id))).toEqual([...replay.slice(0, 3).map((e) => Number(e.id))].sort((a, b) => a - b));
    expect(Number(all[0].id)).toBeGreaterThan(Number(lastId));
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    // Heartbeats keep the stream open (the test kit sends one a second).
    await resumed.waitFor(() => resumed.heartbeats > 0, 5000).catch(() => undefined);
    expect(resumed.heartbeats).toBeGreaterThan(0);
    resumed.close();
  });

  it('serves notification streams to several gateway instances from the one database', async () => {
    const second = await startGatewayApp('gw_notify_b', {
      kafka: true,
      topics: t.topics,
      databaseName: t.config.databaseName,
      env: { GATEWAY_WEBHOOK_WORKER: 'false' },
    });
    try {
      await second.app.listen({ port: 0, host: '127.0.0.1' });
      const KE = analyst('KE');
      const onSecond = await new SseClient(`${await second.app.getUrl()}/notifications/stream`, {
        authorization: `Bearer ${await second.token(KE)}`,
      }).open();
      const onFirst = await stream(KE);
      const data = match('KE');
      await sendMatch(data);
      for (const s of [onFirst, onSecond]) {
        const [event] = await s.waitFor((es) => es.length >= 1);
        expect((JSON.parse(event.data) as { subject: string }).subject).toBe(data.matchId);
      }
      onFirst.close();
      onSecond.close();
    } finally {
      await second.close();
    }
  });

  it('refuses a bad Last-Event-ID (400 naming it), a missing token (401), a fourth stream of a Member (429) and a non-SSE Accept (406)', async () => {
    const BR = analyst('BR');
    const url = `${await t.app.getUrl()}/notifications/stream`;
    const bad = await new SseClient(url, { authorization: `Bearer ${await t.token(BR)}`, 'last-event-id': 'abc' }).open();
    await bad.done();
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ code: 'validation_failed', errors: [{ field: 'Last-Event-ID' }] });
    const anonymous = await new SseClient(url, {}).open();
    await anonymous.done();
    expect(anonymous.status).toBe(401);
    const wrongAccept = await t.app.inject({
      method: 'GET',
      url: '/notifications/stream',
      headers: { authorization: `Bearer ${await t.token(BR)}`, accept: 'application/json' },
    });
    expect(wrongAccept.statusCode).toBe(406);

    const held = [await stream(BR), await stream(BR), await stream(BR)];
    expect(held.map((s) => s.status)).toEqual([200, 200, 200]);
    const fourth = await stream(BR);
    await fourth.done();
    expect(fourth.status).toBe(429);
    expect(JSON.parse(fourth.body)).toMatchObject({ code: 'too_many_streams' });
    expect(fourth.responseHeaders?.['retry-after']).toBe('30');
    // Another Member is not affected by BR's cap; a closed stream frees its place.
    const ke = await stream(analyst('KE'));
    expect(ke.status).toBe(200);
    ke.close();
    held[0].close();
    await new Promise((r) => setTimeout(r, 200));
    const again = await stream(BR);
    expect(again.status).toBe(200);
    for (const s of [...held, again]) s.close();
  });

  it('records a redelivered event once and dead-letters a malformed one, then keeps consuming', async () => {
    const KE = analyst('KE');
    const data = match('KE');
    const eventId = await sendMatch(data);
    await sendMatch(data, eventId);
    // The same match in a second event (intel-exchange's relay sending it again under a new id) is not a second notification.
    await sendMatch(data);
    // Behind them on their partition (same key): once it is recorded, the copies before it have been consumed.
    const sentinel = match('KE');
    await sendMatch(sentinel, undefined, data.matchId);
    const bad = { ...match('KE'), memberToNotify: 'ke' };
    const badId = await sendMatch(bad);
    // Behind the malformed one on its partition: the partition moved on.
    const after = match('KE');
    await sendMatch(after, undefined, bad.matchId);
    const deadline = Date.now() + 30_000;
    const has = (items: { subject: string }[], id: string) => items.some((n) => n.subject === id);
    let listed = await notificationsOf(KE);
    while (!(has(listed, sentinel.matchId) && has(listed, after.matchId)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      listed = await notificationsOf(KE);
    }
    expect(listed.filter((n) => n.subject === data.matchId)).toHaveLength(1);
    expect(listed.filter((n) => n.subject === after.matchId)).toHaveLength(1);
    expect(listed.some((n) => n.subject === bad.matchId)).toBe(false);
    const letters = await dlq.waitFor((es) => es.some((e) => e.event.id === badId), 30_000);
    expect(letters.filter((e) => e.event.id === badId)).toHaveLength(1);
    // One webhook delivery for the match, not three.
    const rows: unknown[] = await t.dataSource.query(
      `SELECT 1 FROM webhook_delivery d JOIN notification n ON n.id = d.notification_id WHERE n.subject = $1`,
      [data.matchId],
    );
    expect(rows).toHaveLength(1);
  });
});
