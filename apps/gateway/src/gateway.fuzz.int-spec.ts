import { fuzzOpenApi, fuzzSummary } from '@wco/testing';
import { memberAnalyst, GatewayTestApp, startGatewayApp } from './testing/gateway-test-app';

jest.setTimeout(120_000);

// Requests generated from the service's own OpenAPI document, valid and broken: every answer must be documented,
// never a 5xx, and a refused request must leave nothing half written.
describe('gateway: OpenAPI fuzzing', () => {
  let t: GatewayTestApp;

  beforeAll(async () => {
    t = await startGatewayApp('gateway_fuzz');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers every generated request with a documented status and no 5xx', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json() as Record<string, unknown>;
    const report = await fuzzOpenApi({
      baseUrl: await t.app.getUrl(),
      document,
      authorization: `Bearer ${await t.token(memberAnalyst('FR'))}`,
      databaseUrl: t.databaseUrl,
      seed: 1,
      seedBodies: { 'POST /webhooks': { title: 'Fuzzed webhook', url: 'http://127.0.0.1:9/hook' } },
    });
    process.stdout.write(`${fuzzSummary('gateway', report)}\n`);
    expect(report.violations).toEqual([]);
    expect(report.total).toBeGreaterThan(0);
    expect(Object.keys(report.byStatus).filter((status) => Number(status) >= 500)).toEqual([]);
  });
});
