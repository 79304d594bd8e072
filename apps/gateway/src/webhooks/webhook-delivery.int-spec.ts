import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { memberAnalyst, GatewayTestApp, startGatewayApp, TestUser } from '../testing/gateway-test-app';
import { WebhookReceiver } from '../testing/webhook-receiver';

jest.setTimeout(120_000);

const FR = memberAnalyst('FR');
const KE = memberAnalyst('KE');

// The worker against receivers on loopback (allow-listed by the test kit). Notifications are recorded with the
// consumer's own repository call, in a transaction as the consumer does (the Kafka path is covered by
// notification-delivery.int-spec.ts); everything after that, the queue, the worker and the HTTP calls, is real.
async function notify(t: GatewayTestApp, member: string, n = 1): Promise<string[]> {
  const subjects = Array.from({ length: n }, () => randomUUID());
  await t.dataSource.transaction((em) =>
    t.app.get(NotificationsRepository).record(
      em,
      subjects.map((subject) => ({
        member,
        type: 'intel.match.found' as const,
        subject,
        dedupeKey: `match:${subject}`,
        data: { matchId: subject, reportId: randomUUID(), indicatorKinds: ['container'], matchedAt: new Date().toISOString() },
      })),
    ),
  );
  return subjects;
}

async function register(t: GatewayTestApp, user: TestUser, receiver: WebhookReceiver, extra: object = {}): Promise<string> {
  const created = await t.call(user, 'POST', '/webhooks', { title: 'Receiver', url: receiver.url, ...extra });
  expect(created.status).toBe(201);
  receiver.secrets = [created.body.secret as string];
  return created.body.id as string;
}

const subjectsOf = (r: WebhookReceiver) => r.received.map((d) => d.payload.data.subject as string);

describe('webhook deliveries: signed, in order, retried, logged', () => {
  let t: GatewayTestApp;

  beforeAll(async () => {
    t = await startGatewayApp('gw_webhooks', {
      env: { GATEWAY_WEBHOOK_RETRY_SCHEDULE_MS: '100,200,300,400,500,600,700,800,900,1000', GATEWAY_WEBHOOK_SECRET_GRACE_MS: '2000' },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('signs each delivery per Standard Webhooks (verified by the standardwebhooks Webhook class) and logs the attempt', async () => {
    const receiver = await new WebhookReceiver().start();
    try {
      const id = await register(t, FR, receiver);
      const [subject] = await notify(t, 'FR');
      const [delivery] = await receiver.waitFor((r) => r.length >= 1);
      expect(delivery.verifiedWith).toEqual([0]);
      expect(delivery.headers['webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(Math.abs(Number(delivery.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
      expect(delivery.payload).toMatchObject({ type: 'intel.match.found', data: { subject, member: 'FR', matchId: subject } });
      // The receiver's check is not a formality: a changed body or another secret fails it.
      const headers = delivery.headers as Record<string, string>;
      expect(() => new Webhook(receiver.secrets[0]).verify(delivery.body.replace(subject, randomUUID()), headers)).toThrow();
      expect(() => new Webhook(`whsec_${Buffer.alloc(24, 1).toString('base64')}`).verify(delivery.body, headers)).toThrow();

      // The attempt is recorded right after the answer.
      let log = await t.call(FR, 'GET', `/webhooks/${id}/deliveries`);
      for (let i = 0; i < 50 && log.body.items[0]?.status !== 'succeeded'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        log = await t.call(FR, 'GET', `/webhooks/${id}/deliveries`);
      }
      expect(log.status).toBe(200);
      expect(log.body.items).toHaveLength(1);
      expect(log.body.items[0]).toMatchObject({
        status: 'succeeded',
        attempts: 1,
        type: 'intel.match.found',
        notificationId: delivery.headers['webhook-id'],
      });
      expect(log.body.items[0].attemptLog).toEqual([expect.objectContaining({ statusCode: 204, latencyMs: expect.any(Number) })]);
      // Another Member cannot read the log: 404 like a missing endpoint.
      expect((await t.call(KE, 'GET', `/webhooks/${id}/deliveries`)).status).toBe(404);
    } finally {
      await receiver.stop();
    }
  });

  it('loses nothing while the receiver is down, and delivers in order when it is back', async () => {
    const receiver = await new WebhookReceiver().start();
    const id = await register(t, FR, receiver);
    await receiver.stop();
    const subjects = await notify(t, 'FR', 5);
    // The first delivery fails (connection refused) and blocks the others of the endpoint.
    const deadline = Date.now() + 20_000;
    let log = (await t.call(FR, 'GET', `/webhooks/${id}/deliveries`)).body;
    while (!log.items.some((d: { attempts: number }) => d.attempts >= 2) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      log = (await t.call(FR, 'GET', `/webhooks/${id}/deliveries`)).body;
    }
    const failing = log.items.filter((d: { attempts: number }) => d.attempts > 0);
    expect(failing).toHaveLength(1);
    expect(failing[0].attemptLog[0].error).toMatch(/ECONNREFUSED/);
    expect((await t.call(FR, 'GET', `/webhooks/${id}`)).body.failingSince).toBeDefined();

    await receiver.start();
    await receiver.waitFor((r) => r.length >= 5);
    await new Promise((r) => setTimeout(r, 500));
    expect(subjectsOf(receiver)).toEqual(subjects);
    expect(receiver.received.every((d) => d.verifiedWith.length === 1)).toBe(true);
    const after = (await t.call(FR, 'GET', `/webhooks/${id}/deliveries`)).body.items;
    expect(after.map((d: { status: string }) => d.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect((await t.call(FR, 'GET', `/webhooks/${id}`)).body.failingSince).toBeUndefined();
    await receiver.stop();
  });

  it('keeps the order behind a receiver that answers 500 for a while, retrying with backoff', async () => {
    const receiver = await new WebhookReceiver().start();
    try {
      receiver.answer = 500;
      const id = await register(t, FR, receiver);
      const subjects = await notify(t, 'FR', 3);
      await receiver.waitFor((r) => r.length >= 3);
      // Every 500 so far was the first notification, again and again, after growing delays.
      expect(new Set(subjectsOf(receiver))).toEqual(new Set([subjects[0]]));
      const gaps = receiver.received.slice(1).map((d, i) => d.receivedAt - receiver.received[i].receivedAt);
      expect(gaps[0]).toBeGreaterThanOrEqual(70);
      receiver.answer = 204;
      await receiver.waitFor((r) => r.filter((d) => d.payload.data.subject === subjects[2]).length >= 1);
      const lastAttempts = subjectsOf(receiver).slice(-3);
      expect(lastAttempts).toEqual(subjects);
      const [first] = (await t.call(FR, 'GET', `/webhooks/${id}/deliveries`)).body.items.slice(-1);
      expect(
        first.attemptLog
          .slice(0, -1)
          .every((a: { statusCode: number; error: string }) => a.statusCode === 500 && /answered 500/.test(a.error)),
      ).toBe(true);
    } finally {
      await receiver.stop();
    }
  });

  it('sends both signatures during the rotation grace period, then only the new one', async () => {
    const receiver = await new WebhookReceiver().start();
    try {
      const id = await register(t, FR, receiver);
      const oldSecret = receiver.secrets[0];
      const rotated = await t.call(FR, 'POST', `/webhooks/${id}/rotate-secret`);
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).toMatch(/^whsec_/);
      expect(rotated.body.secret).not.toBe(oldSecret);
      expect(rotated.body.previousSecretValidUntil).toBeDefined();
      receiver.secrets = [oldSecret, rotated.body.secret as string];
      await notify(t, 'FR');
      const [during] = await receiver.waitFor((r) => r.length >= 1);
      expect(during.verifiedWith).toEqual([0, 1]);
      expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect((await t.call(FR, 'GET', `/webhooks/${id}`)).body.secret).toBeUndefined();

      await new Promise((r) => setTimeout(r, 2100));
      await notify(t, 'FR');
      const [, after] = await receiver.waitFor((r) => r.length >= 2);
      expect(after.verifiedWith).toEqual([1]);
      expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    } finally {
      await receiver.stop();
    }
  });

  it('delivers only the types an endpoint filters on, and a manual redelivery sends the same message again', async () => {
    const receiver = await new WebhookReceiver().start();
    try {
      const id = await register(t, FR, receiver, { eventTypes: ['assistance.mission.news'] });
      await notify(t, 'FR');
      await new Promise((r) => setTimeout(r, 500));
      expect(receiver.received).toHaveLength(0);

      const all = await new WebhookReceiver().start();
      try {
        const allId = await register(t, FR, all);
        const [subject] = await notify(t, 'FR');
        const [first] = await all.waitFor((r) => r.length >= 1);
        const [delivery] = (await t.call(FR, 'GET', `/webhooks/${allId}/deliveries`)).body.items;
        const again = await t.call(FR, 'POST', `/webhooks/${allId}/deliveries/${delivery.id}/redeliver`);
        expect(again.status).toBe(201);
        expect(again.body).toMatchObject({ redeliveryOf: delivery.id, status: 'pending', notificationId: delivery.notificationId });
        const [, second] = await all.waitFor((r) => r.length >= 2);
        expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
        expect(second.payload.data.subject).toBe(subject);
        expect(second.verifiedWith).toEqual([0]);
        // Redelivering through another Member's caller, or a delivery of another endpoint: 404.
        expect((await t.call(KE, 'POST', `/webhooks/${allId}/deliveries/${delivery.id}/redeliver`)).status).toBe(404);
        const foreign = await t.call(FR, 'POST', `/webhooks/${id}/deliveries/${delivery.id}/redeliver`);
        expect(foreign.status).toBe(404);
        expect(foreign.body.code).toBe('delivery_not_found');
      } finally {
        await all.stop();
      }
    } finally {
      await receiver.stop();
    }
  });

  it('checks the URL again at delivery: an endpoint whose URL now points at a refused address gets nothing', async () => {
    const receiver = await new WebhookReceiver().start();
    try {
      const id = await register(t, FR, receiver);
      // As if the host had been re-pointed (DNS rebinding is the same attack, through a resolver).
      await t.dataSource.query(`UPDATE "webhook" SET url = $2 WHERE id = $1`, [id, `http://127.0.0.2:${receiver.port}/hook`]);
      await notify(t, 'FR');
      const deadline = Date.now() + 10_000;
      let items: { attemptLog: { error?: string }[] }[] = [];
      while (Date.now() < deadline) {
        items = (await t.call(FR, 'GET', `/webhooks/${id}/deliveries`)).body.items;
        if (items[0]?.attemptLog.length) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(items[0].attemptLog[0].error).toMatch(/^address_refused: resolves to a loopback address/);
      expect(receiver.received).toHaveLength(0);
    } finally {
      await receiver.stop();
    }
  });

  it.each([
    ['http://10.0.0.1/hook', 'private'],
    ['https://127.0.0.2/hook', 'loopback'],
    ['https://[::1]/hook', 'loopback'],
    ['https://169.254.169.254/latest/meta-data/', 'link-local'],
    ['https://100.64.0.1/hook', 'cgnat'],
    ['https://224.0.0.1/hook', 'multicast'],
    ['https://0.0.0.0/hook', 'unspecified'],
    ['https://[fd00::1]/hook', 'unique-local'],
    ['https://[::ffff:10.0.0.1]/hook', 'ipv4-mapped'],
    ['http://93.184.216.34/hook', 'https'],
  ])('refuses to register %s (400 webhook_url_refused naming url)', async (url, reason) => {
    const before = await t.count('webhook');
    const res = await t.call(FR, 'POST', '/webhooks', { title: 'Inside', url });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('webhook_url_refused');
    expect(res.body.errors).toEqual([{ field: 'url', reason: expect.stringContaining(reason) }]);
    expect(await t.count('webhook')).toBe(before);
  });

  it('does not follow a redirect: a 3xx is a failed attempt', async () => {
    const receiver = await new WebhookReceiver().start();
    try {
      receiver.answer = 307;
      const id = await register(t, FR, receiver);
      await notify(t, 'FR');
      await receiver.waitFor((r) => r.length >= 2);
      const [item] = (await t.call(FR, 'GET', `/webhooks/${id}/deliveries`)).body.items;
      expect(item.status).toBe('pending');
      expect(item.attemptLog[0]).toMatchObject({ statusCode: 307, error: expect.stringMatching(/answered 307/) });
    } finally {
      await receiver.stop();
    }
  });
});

describe('webhook endpoints that keep failing', () => {
  let t: GatewayTestApp;

  beforeAll(async () => {
    t = await startGatewayApp('gw_webhooks_disable', {
      env: { GATEWAY_WEBHOOK_RETRY_SCHEDULE_MS: '100,100,100', GATEWAY_WEBHOOK_DISABLE_AFTER_MS: '1500' },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives a delivery up after its schedule, then goes on with the next one', async () => {
    const receiver = await new WebhookReceiver().start();
    try {
      receiver.answer = 500;
      const id = await register(t, KE, receiver);
      const subjects = await notify(t, 'KE', 2);
      await receiver.waitFor((r) => r.filter((d) => d.payload.data.subject === subjects[1]).length >= 1);
      const items = (await t.call(KE, 'GET', `/webhooks/${id}/deliveries`)).body.items;
      const first = items.find((d: { status: string; attempts: number }) => d.attempts === 4);
      expect(first).toMatchObject({ status: 'failed', attempts: 4 });
      expect(subjectsOf(receiver).slice(0, 4)).toEqual([subjects[0], subjects[0], subjects[0], subjects[0]]);
    } finally {
      await receiver.stop();
    }
  });

  it('disables an endpoint failing for longer than the limit and tells its Member, and only it', async () => {
    const receiver = await new WebhookReceiver().start();
    const healthy = await new WebhookReceiver().start();
    const keReceiver = await new WebhookReceiver().start();
    try {
      receiver.answer = 503;
      const id = await register(t, FR, receiver);
      const healthyId = await register(t, FR, healthy);
      const keHook = await register(t, KE, keReceiver);
      const deadline = Date.now() + 30_000;
      let view = (await t.call(FR, 'GET', `/webhooks/${id}`)).body;
      while (view.status !== 'disabled' && Date.now() < deadline) {
        await notify(t, 'FR');
        await new Promise((r) => setTimeout(r, 300));
        view = (await t.call(FR, 'GET', `/webhooks/${id}`)).body;
      }
      expect(view).toMatchObject({ status: 'disabled', disabledAt: expect.any(String) });
      const notices = (await t.call(FR, 'GET', '/notifications?type=gateway.webhook.disabled')).body.items;
      expect(notices).toEqual([expect.objectContaining({ type: 'gateway.webhook.disabled', subject: id, member: 'FR' })]);
      expect((await t.call(KE, 'GET', '/notifications?type=gateway.webhook.disabled')).body.items).toEqual([]);
      // The notice reaches the Member's other, working endpoint; the disabled one gets nothing more.
      await healthy.waitFor((r) => r.some((d) => d.payload.type === 'gateway.webhook.disabled'));
      const count = receiver.received.length;
      await notify(t, 'FR');
      await new Promise((r) => setTimeout(r, 500));
      expect(receiver.received.length).toBe(count);
      expect((await t.call(FR, 'GET', `/webhooks/${healthyId}`)).body.status).toBe('active');
      expect((await t.call(KE, 'GET', `/webhooks/${keHook}`)).body.status).toBe('active');

      // Re-enabled, it gets what is still pending for it.
      receiver.answer = 204;
      const enabled = await t.call(FR, 'POST', `/webhooks/${id}/enable`);
      expect(enabled.status).toBe(200);
      expect(enabled.body.status).toBe('active');
      await receiver.waitFor((r) => r.length > count);
      expect(receiver.received.at(-1)?.verifiedWith).toEqual([0]);
    } finally {
      await receiver.stop();
      await healthy.stop();
      await keReceiver.stop();
    }
  });
});

describe('webhook worker while an endpoint waits for its retry', () => {
  let t: GatewayTestApp;

  beforeAll(async () => {
    // The retry comes after 8 s ± 20 %: at least 6.4 s, longer than the 4.3 s this test watches.
    t = await startGatewayApp('gw_webhooks_idle', { env: { GATEWAY_WEBHOOK_RETRY_SCHEDULE_MS: '8000' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sleeps until the retry is due instead of polling the queue in a loop', async () => {
    const receiver = await new WebhookReceiver().start();
    try {
      receiver.answer = 500;
      await register(t, FR, receiver);
      await notify(t, 'FR', 5);
      await receiver.waitFor((r) => r.length >= 1);
      const commits = async () =>
        Number((await t.dataSource.query(`SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()`))[0].xact_commit);
      await new Promise((r) => setTimeout(r, 1200));
      const before = await commits();
      await new Promise((r) => setTimeout(r, 2000));
      // PostgreSQL flushes these counters about once a second; a worker spinning on the four deliveries blocked
      // behind the failed one would commit hundreds of claims in two seconds, a sleeping one a few polls.
      await new Promise((r) => setTimeout(r, 1100));
      expect((await commits()) - before).toBeLessThan(40);
      expect(receiver.received).toHaveLength(1);
      await receiver.waitFor((r) => r.length >= 2, 15_000);
      expect(subjectsOf(receiver)[1]).toBe(subjectsOf(receiver)[0]);
    } finally {
      await receiver.stop();
    }
  });
});
