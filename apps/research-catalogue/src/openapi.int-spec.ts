import { lintOpenApi } from '@wco/testing';
import { ResearchCatalogueTestApp, startResearchCatalogueApp } from './testing/research-catalogue-test-app';

jest.setTimeout(120_000);

describe('research-catalogue: OpenAPI document', () => {
  let t: ResearchCatalogueTestApp;
  let doc: any;

  beforeAll(async () => {
    t = await startResearchCatalogueApp('research_catalogue_openapi');
    doc = (await t.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lints with zero errors and zero warnings under redocly recommended and spectral:oas', async () => {
    const result = await lintOpenApi(doc);
    expect(result.messages.filter((m) => m.severity !== 'info')).toEqual([]);
    expect(result).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('documents the anonymous read routes as needing no token and the write routes as needing one', () => {
    for (const path of [
      '/publications',
      '/publications/{id}',
      '/publications/{id}/versions/{version}',
      '/publications/{id}/versions/{version}/files/{name}',
    ]) {
      expect([path, doc.paths[path].get.security]).toEqual([path, []]);
    }
    for (const [path, method] of [
      ['/publications', 'post'],
      ['/publications/{id}/versions', 'post'],
      ['/publications/{id}/withdraw', 'post'],
      ['/imports', 'post'],
      ['/subscriptions', 'get'],
    ]) {
      expect([path, doc.paths[path][method].security]).not.toEqual([path, []]);
    }
    expect(Object.keys(doc.paths['/publications/{id}/versions/{version}'].get.responses['200'].content)).toEqual(
      expect.arrayContaining([
        'application/x-bibtex',
        'application/x-research-info-systems',
        'application/vnd.citationstyles.csl+json',
        'text/x-bibliography',
      ]),
    );
  });
});
