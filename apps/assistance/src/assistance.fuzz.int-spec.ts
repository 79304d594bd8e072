import { fuzzOpenApi, fuzzSummary } from '@wco/testing';
import { coordinator, AssistanceTestApp, startAssistanceApp } from './testing/assistance-test-app';
import { requestBody } from './testing/assistance-fixtures';

jest.setTimeout(120_000);

// Requests generated from the service's own OpenAPI document, valid and broken: every answer must be documented,
// never a 5xx, and a refused request must leave nothing half written.
describe('assistance: OpenAPI fuzzing', () => {
  let t: AssistanceTestApp;

  beforeAll(async () => {
    t = await startAssistanceApp('assistance_fuzz');
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
      authorization: `Bearer ${await t.token(coordinator())}`,
      databaseUrl: t.databaseUrl,
      seed: 1,
      seedBodies: {
        'POST /requests': requestBody(),
        'POST /missions/{id}/funding-request': {},
        'POST /experts': {
          subject: 'fuzz-expert',
          member: 'KE',
          fullName: 'Fuzz Expert',
          email: 'fuzz@experts.example',
          languages: ['en'],
          thematicAreas: ['hs'],
          accreditation: { programme: 'Mercator', on: '2024-01-01', until: '2030-01-01' },
        },
      },
    });
    process.stdout.write(`${fuzzSummary('assistance', report)}\n`);
    expect(report.violations).toEqual([]);
    expect(report.total).toBeGreaterThan(0);
    expect(Object.keys(report.byStatus).filter((status) => Number(status) >= 500)).toEqual([]);
  });
});
