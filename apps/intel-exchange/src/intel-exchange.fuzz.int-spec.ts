/* Bad input is never a 5xx: at least 1,000 malformed requests generated from the service's own OpenAPI document
 * (fuzzOpenApi from @wco/testing), against the real app on loopback and its own database. */
import type { AddressInfo } from 'node:net';
import { databaseUrlFor, fuzzOpenApi, fuzzSummary } from '@wco/testing';
import { IntelTestApp, startIntelApp, TestUser } from './testing/intel-test-app';
import { seizureReport } from './testing/report-bodies';

// A Member officer who also coordinates, so the role guards let most requests reach validation.
const caller: TestUser = { subject: 'fuzz-fr-1', member: 'FR', roles: ['member-analyst', 'operation-coordinator'] };

describe('intel-exchange under OpenAPI-driven fuzzing', () => {
  let t: IntelTestApp;

  beforeAll(async () => {
    t = await startIntelApp('fuzz');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(() => t?.close());

  it('answers 1,000+ bad requests with 4xx problem+json naming the field, never 5xx, and writes no row for them', async () => {
    const operationId = await t.openOperation(caller, { name: 'Operation Fuzz', commodityFocus: ['drugs'], participants: ['FR', 'DE'] });
    const report = await t.call(caller, 'POST', '/reports', seizureReport());
    expect(report.status).toBe(201);
    const reportId = report.body.id as string;
    const stix = await t.call(caller, 'GET', `/reports/${reportId}/stix`);
    expect(stix.status).toBe(200);
    const document = (await t.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json();
    const port = (t.app.getHttpServer().address() as AddressInfo).port;

    const result = await fuzzOpenApi({
      baseUrl: `http://127.0.0.1:${port}`,
      document,
      authorization: `Bearer ${await t.token(caller)}`,
      databaseUrl: databaseUrlFor(t.config.DATABASE_URL, t.config.databaseName),
      requests: 1000,
      seed: process.env['FUZZ_SEED'] ? Number(process.env['FUZZ_SEED']) : undefined,
      seedParams: { '/reports/{id}': { id: reportId }, '/operations/{id}': { id: operationId } },
      seedBodies: {
        'POST /reports': seizureReport(),
        'POST /reports/{id}/versions': seizureReport(),
        'POST /reports/{id}/corrections': { changes: { detection: { code: 'sniffer_dog' } }, comment: 'the dog found it, not the scanner' },
        'POST /reports/{id}/corrections/{correctionId}/decision': { decision: 'reject', reason: 'not what happened' },
        'POST /reports/{id}/feedback': { outcome: 'seen' },
        'POST /operations': {
          name: 'Operation Fuzz 2',
          commodityFocus: ['tobacco'],
          startsOn: '2026-03-01',
          endsOn: '2026-04-30',
          participants: ['FR'],
          requiredFields: [],
        },
        'POST /operations/{id}/participants': { member: 'KE' },
        'POST /operations/{id}/transitions': { state: 'active' },
        'POST /stix/import': stix.body,
      },
    });

    process.stdout.write(`${fuzzSummary('intel-exchange', result)}\n`);
    expect(result.total).toBeGreaterThanOrEqual(1000);
    expect(result.violations).toEqual([]);
  }, 180_000);
});
