import { WebhookCreatedEvent, Topics } from '@wco/contracts';
import { EventCollector } from '@wco/testing';
import { randomUUID } from 'node:crypto';
import { memberAnalyst, auditor, GatewayTestApp, startGatewayApp } from './testing/gateway-test-app';

jest.setTimeout(60_000);

const FR = memberAnalyst('FR');
const DE = memberAnalyst('DE');

describe('gateway: webhooks over HTTP, PostgreSQL and Kafka', () => {
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

  it('creates a webhook (201 + Location), reads it back (200) and publishes its created event', async () => {
    const created = await t.call(FR, 'POST', '/webhooks', { title: '  First webhook  ' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ownerMember: 'FR', title: 'First webhook', version: 1 });
    const id = created.body.id as string;
    expect(created.headers['location']).toBe(`/webhooks/${id}`);

    const read = await t.call(FR, 'GET', `/webhooks/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

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
    const bad = await t.call(FR, 'POST', '/webhooks', { title: 'x', unexpected: true });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['title', 'unexpected']);
    expect((await t.call(FR, 'POST', '/webhooks', { title: 42 })).status).toBe(400);
    expect((await t.call(FR, 'GET', '/webhooks/not-a-uuid')).status).toBe(400);
    expect(await t.count('webhook')).toBe(before);
  });

  it('answers another Member exactly as it answers an id that does not exist (404 webhook_not_found)', async () => {
    const id = (await t.call(FR, 'POST', '/webhooks', { title: 'Owned by FR' })).body.id as string;
    const unknown = randomUUID();
    const hidden = await t.call(DE, 'GET', `/webhooks/${id}`);
    const missing = await t.call(DE, 'GET', `/webhooks/${unknown}`);
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.body.code).toBe('webhook_not_found');
    expect(JSON.stringify(hidden.body).replaceAll(id, '<id>')).toBe(JSON.stringify(missing.body).replaceAll(unknown, '<id>'));
    expect((await t.call(auditor, 'GET', `/webhooks/${id}`)).status).toBe(200);
  });

  it('creates one webhook for a retried request with the same Idempotency-Key', async () => {
    const key = `create-${randomUUID()}`;
    const first = await t.call(FR, 'POST', '/webhooks', { title: 'Retried' }, { 'idempotency-key': key });
    const retry = await t.call(FR, 'POST', '/webhooks', { title: 'Retried' }, { 'idempotency-key': key });
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotency-replayed']).toBe('true');
    const rows: unknown[] = await t.dataSource.query(`SELECT 1 FROM "webhook" WHERE title = 'Retried'`);
    expect(rows).toHaveLength(1);
    expect((await t.call(FR, 'POST', '/webhooks', { title: 'Something else' }, { 'idempotency-key': key })).status).toBe(422);
  });

  it('refuses a caller without a token or without the member-analyst role', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/webhooks', payload: { title: 'No token' } })).statusCode).toBe(401);
    expect((await t.call(auditor, 'POST', '/webhooks', { title: 'Wrong role' })).status).toBe(403);
  });

  it('is ready when its database and broker answer, and serves its OpenAPI document', async () => {
    const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks.map((c: { name: string; status: string }) => c.status)).not.toContain('down');
    const document = (await t.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json();
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/webhooks', '/webhooks/{id}']));
  });
});
