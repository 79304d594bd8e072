import { LedgerCreatedEvent, Topics } from '@wco/contracts';
import { EventCollector } from '@wco/testing';
import { randomUUID } from 'node:crypto';
import { financeOfficer, auditor, BudgetAuditTestApp, startBudgetAuditApp } from './testing/budget-audit-test-app';

jest.setTimeout(60_000);

const FR = financeOfficer('FR');
const DE = financeOfficer('DE');

describe('budget-audit: ledgers over HTTP, PostgreSQL and Kafka', () => {
  let t: BudgetAuditTestApp;
  let collector: EventCollector;

  beforeAll(async () => {
    t = await startBudgetAuditApp('budget_audit', { kafka: true });
    collector = new EventCollector();
    await collector.start([t.topics[Topics.BudgetLedger]]);
  });
  afterAll(async () => {
    await collector?.stop();
    await t?.close();
  });

  it('creates a ledger (201 + Location), reads it back (200) and publishes its created event', async () => {
    const created = await t.call(FR, 'POST', '/ledgers', { title: '  First ledger  ' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ownerMember: 'FR', title: 'First ledger', version: 1 });
    const id = created.body.id as string;
    expect(created.headers['location']).toBe(`/ledgers/${id}`);

    const read = await t.call(FR, 'GET', `/ledgers/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const events = await collector.waitFor((e) => e.some((x) => x.event.subject === id));
    const event = events.find((x) => x.event.subject === id)?.event;
    expect(event).toMatchObject({ type: LedgerCreatedEvent.type, source: '/budget-audit', subject: id });
    expect(event?.data).toEqual({ ledgerId: id, version: 1, ownerMember: 'FR', title: 'First ledger', createdAt: created.body.createdAt });
  });

  it('refuses bad input with a 400 problem naming every invalid field, and writes nothing', async () => {
    const before = await t.count('ledger');
    const bad = await t.call(FR, 'POST', '/ledgers', { title: 'x', unexpected: true });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['title', 'unexpected']);
    expect((await t.call(FR, 'POST', '/ledgers', { title: 42 })).status).toBe(400);
    expect((await t.call(FR, 'GET', '/ledgers/not-a-uuid')).status).toBe(400);
    expect(await t.count('ledger')).toBe(before);
  });

  it('answers another Member exactly as it answers an id that does not exist (404 ledger_not_found)', async () => {
    const id = (await t.call(FR, 'POST', '/ledgers', { title: 'Owned by FR' })).body.id as string;
    const unknown = randomUUID();
    const hidden = await t.call(DE, 'GET', `/ledgers/${id}`);
    const missing = await t.call(DE, 'GET', `/ledgers/${unknown}`);
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.body.code).toBe('ledger_not_found');
    expect(JSON.stringify(hidden.body).replaceAll(id, '<id>')).toBe(JSON.stringify(missing.body).replaceAll(unknown, '<id>'));
    expect((await t.call(auditor, 'GET', `/ledgers/${id}`)).status).toBe(200);
  });

  it('creates one ledger for a retried request with the same Idempotency-Key', async () => {
    const key = `create-${randomUUID()}`;
    const first = await t.call(FR, 'POST', '/ledgers', { title: 'Retried' }, { 'idempotency-key': key });
    const retry = await t.call(FR, 'POST', '/ledgers', { title: 'Retried' }, { 'idempotency-key': key });
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotency-replayed']).toBe('true');
    const rows: unknown[] = await t.dataSource.query(`SELECT 1 FROM "ledger" WHERE title = 'Retried'`);
    expect(rows).toHaveLength(1);
    expect((await t.call(FR, 'POST', '/ledgers', { title: 'Something else' }, { 'idempotency-key': key })).status).toBe(422);
  });

  it('refuses a caller without a token or without the finance-officer role', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/ledgers', payload: { title: 'No token' } })).statusCode).toBe(401);
    expect((await t.call(auditor, 'POST', '/ledgers', { title: 'Wrong role' })).status).toBe(403);
  });

  it('is ready when its database and broker answer, and serves its OpenAPI document', async () => {
    const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks.map((c: { name: string; status: string }) => c.status)).not.toContain('down');
    const document = (await t.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json();
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/ledgers', '/ledgers/{id}']));
  });
});
