import { WebhookCreatedEvent, Topics } from '@wco/contracts';
import { EventCollector } from '@wco/testing';
import { randomUUID } from 'node:crypto';
import { memberAnalyst, auditor, GatewayTestApp, startGatewayApp } from './testing/gateway-test-app';

jest.setTimeout(60_000);

const FR = memberAnalyst('FR');
const DE = memberAnalyst('DE');
// An allow-listed loopback address (the test kit allows 127.0.0.1); nothing needs to listen there for these tests.
const URL_OK = 'http://127.0.0.1:9/hook';

describe('gateway: webhook endpoints over HTTP, PostgreSQL and Kafka', () => {
  let t: GatewayTestApp;
  let collector: EventCollector;

  beforeAll(async () => {
    t = await startGatewayApp('gateway', { kafka: true });
    collector = new EventCollector();
    await collector.start([t.topics[Topics.GatewayWebhook]]);
  });
  afterAll(async () => {
    await collector?.stop();
    await t?.close();
  });

  it('creates a webhook (201 + Location, its secret shown once), reads it back without the secret and publishes its created event', async () => {
    const created = await t.call(FR, 'POST', '/webhooks', { title: '  First webhook  ', url: URL_OK, eventTypes: ['intel.match.found'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ownerMember: 'FR',
      title: 'First webhook',
      url: URL_OK,
      eventTypes: ['intel.match.found'],
      status: 'active',
      version: 1,
    });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const id = created.body.id as string;
    expect(created.headers['location']).toBe(`/webhooks/${id}`);

    const read = await t.call(FR, 'GET', `/webhooks/${id}`);
    expect(read.status).toBe(200);
    const { secret, ...withoutSecret } = created.body;
    expect(read.body).toEqual(withoutSecret);
    // Stored sealed: the plain secret is nowhere in the row.
    const [row] = await t.dataSource.query(`SELECT * FROM "webhook" WHERE id = $1`, [id]);
    expect(JSON.stringify(row)).not.toContain((secret as string).slice(6));
    const list = await t.call(FR, 'GET', '/webhooks');
    expect(list.body.items.map((w: { id: string }) => w.id)).toContain(id);
    expect(JSON.stringify(list.body)).not.toContain('whsec_');

    const events = await collector.waitFor((e) => e.some((x) => x.event.subject === id));
    const event = events.find((x) => x.event.subject === id)?.event;
    expect(event).toMatchObject({ type: WebhookCreatedEvent.type, source: '/gateway', subject: id });
    expect(event?.data).toEqual({
      webhookId: id,
      version: 1,
      ownerMember: 'FR',
      title: 'First webhook',
      createdAt: created.body.createdAt,
    });
  });

  it('refuses bad input with a 400 problem naming every invalid field, and writes nothing', async () => {
    const before = await t.count('webhook');
    const bad = await t.call(FR, 'POST', '/webhooks', { title: 'x', url: URL_OK, eventTypes: ['nope'], unexpected: true });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['eventTypes', 'title', 'unexpected']);
    expect((await t.call(FR, 'POST', '/webhooks', { title: 42, url: URL_OK })).status).toBe(400);
    expect(
      new Set((await t.call(FR, 'POST', '/webhooks', { title: 'No URL' })).body.errors.map((e: { field: string }) => e.field)),
    ).toEqual(new Set(['url']));
    expect((await t.call(FR, 'GET', '/webhooks/not-a-uuid')).status).toBe(400);
    expect(await t.count('webhook')).toBe(before);
  });

  it('answers another Member exactly as it answers an id that does not exist (404 webhook_not_found)', async () => {
    const id = (await t.call(FR, 'POST', '/webhooks', { title: 'Owned by FR', url: URL_OK })).body.id as string;
    const unknown = randomUUID();
    const hidden = await t.call(DE, 'GET', `/webhooks/${id}`);
    const missing = await t.call(DE, 'GET', `/webhooks/${unknown}`);
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.body.code).toBe('webhook_not_found');
    expect(JSON.stringify(hidden.body).replaceAll(id, '<id>')).toBe(JSON.stringify(missing.body).replaceAll(unknown, '<id>'));
    // Auditors have no member-analyst role: refused before anything is looked up.
    expect((await t.call(auditor, 'GET', `/webhooks/${id}`)).status).toBe(403);
  });

  it('creates one webhook for a retried request with the same Idempotency-Key', async () => {
    const key = `create-${randomUUID()}`;
    const first = await t.call(FR, 'POST', '/webhooks', { title: 'Retried', url: URL_OK }, { 'idempotency-key': key });
    const retry = await t.call(FR, 'POST', '/webhooks', { title: 'Retried', url: URL_OK }, { 'idempotency-key': key });
    expect([first.status, retry.status]).toEqual([201, 201]);
    // The replay is the endpoint without its secret: the plain secret is stored nowhere, not with the key either.
    const { secret, ...firstWithoutSecret } = first.body;
    expect(secret).toMatch(/^whsec_/);
    expect(retry.body).toEqual(firstWithoutSecret);
    expect(retry.headers['idempotency-replayed']).toBe('true');
    const rows: unknown[] = await t.dataSource.query(`SELECT 1 FROM "webhook" WHERE title = 'Retried'`);
    expect(rows).toHaveLength(1);
    expect((await t.call(FR, 'POST', '/webhooks', { title: 'Something else', url: URL_OK }, { 'idempotency-key': key })).status).toBe(422);
  });

  it('refuses a caller without a token or without the member-analyst role', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/webhooks', payload: { title: 'No token', url: URL_OK } })).statusCode).toBe(401);
    expect((await t.call(auditor, 'POST', '/webhooks', { title: 'Wrong role', url: URL_OK })).status).toBe(403);
  });

  it('is ready when its database and broker answer, and serves its OpenAPI document', async () => {
    const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks.map((c: { name: string; status: string }) => c.status)).not.toContain('down');
    const document = (await t.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/webhooks',
        '/webhooks/{id}',
        '/webhooks/{id}/rotate-secret',
        '/webhooks/{id}/deliveries',
        '/notifications',
        '/notifications/stream',
      ]),
    );
  });
});
