import { fuzzOpenApi, fuzzSummary } from '@wco/testing';
import { publicationBody } from './testing/publication-fixtures';
import { editor, ResearchCatalogueTestApp, startResearchCatalogueApp } from './testing/research-catalogue-test-app';

jest.setTimeout(120_000);

// Requests generated from the service's own OpenAPI document, valid and broken: every answer must be documented,
// never a 5xx, and a refused request must leave nothing half written.
describe('research-catalogue: OpenAPI fuzzing', () => {
  let t: ResearchCatalogueTestApp;

  beforeAll(async () => {
    // The text job and the import-job worker would change rows between the fuzzer's before and after (it checks that a
    // refusal writes nothing).
    t = await startResearchCatalogueApp('research_catalogue_fuzz', {
      env: { FILE_TEXT_JOB_INTERVAL_MS: '0', IMPORT_JOB_INTERVAL_MS: '0' },
    });
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
      authorization: `Bearer ${await t.token(editor)}`,
      databaseUrl: t.databaseUrl,
      seed: 1,
      seedBodies: {
        'POST /publications': publicationBody(),
        'POST /publications/{id}/versions': publicationBody({ type: undefined, access: undefined }),
        'POST /publications/{id}/withdraw': { reason: 'Fuzzed withdrawal' },
        'PUT /publications/{id}/access': { access: 'members', reason: 'Fuzzed access change' },
        'POST /imports': { items: [publicationBody({ externalId: 'fuzz-1' })] },
        'POST /import-jobs': { items: [publicationBody({ externalId: 'fuzz-job-1' })] },
      },
    });
    process.stdout.write(`${fuzzSummary('research-catalogue', report)}\n`);
    expect(report.violations).toEqual([]);
    expect(report.total).toBeGreaterThan(0);
    expect(Object.keys(report.byStatus).filter((status) => Number(status) >= 500)).toEqual([]);
  });
});
