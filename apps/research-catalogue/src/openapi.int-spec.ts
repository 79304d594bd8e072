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
      ['/import-jobs', 'post'],
      ['/import-jobs/{id}', 'get'],
      ['/import-jobs/{id}/items', 'get'],
      ['/import-jobs/{id}/cancel', 'post'],
      ['/subscriptions', 'get'],
    ]) {
      expect([path, doc.paths[path][method].security]).not.toEqual([path, []]);
    }
    const history = doc.paths['/publications/{id}/access-history'].get;
    expect([history['x-roles'], Object.keys(history.responses).sort()]).toEqual([['editor'], ['200', '400', '401', '404', '414', '4XX']]);
    expect(Object.keys(doc.paths['/publications/{id}/versions/{version}'].get.responses['200'].content)).toEqual(
      expect.arrayContaining([
        'application/x-bibtex',
        'application/x-research-info-systems',
        'application/vnd.citationstyles.csl+json',
        'text/x-bibliography',
      ]),
    );
  });

  it('documents citations as text (CSL-JSON as an array), and only the JSON answer with the view schema', () => {
    for (const [path, view] of [
      ['/publications/{id}/versions/{version}', 'VersionView'],
      ['/publications', 'SearchResultView'],
    ]) {
      const content = doc.paths[path].get.responses['200'].content;
      const schemas = Object.fromEntries(
        Object.entries(content).map(([type, c]) => [type, (c as { schema: any }).schema.type ?? (c as { schema: any }).schema.$ref]),
      );
      expect([path, schemas]).toEqual([
        path,
        {
          'application/json': `#/components/schemas/${view}`,
          'application/x-bibtex': 'string',
          'application/x-research-info-systems': 'string',
          'application/vnd.citationstyles.csl+json': 'array',
          'text/x-bibliography': 'string',
          'text/x-bibliography; style=harvard': 'string',
          'text/x-bibliography; style=vancouver': 'string',
        },
      ]);
    }
  });

  it('documents import jobs: NDJSON or JSON in, 202 with the job, and the refusals of a body that is kept not at all', () => {
    const submit = doc.paths['/import-jobs'].post;
    expect(Object.keys(submit.requestBody.content).sort()).toEqual(['application/json', 'application/x-ndjson']);
    expect(Object.keys(submit.responses)).toEqual(expect.arrayContaining(['202', '403', '413', '415', '422']));
    expect(submit.responses['202'].content['application/json'].schema.$ref).toBe('#/components/schemas/ImportJobView');
    expect(Object.keys(doc.paths['/import-jobs/{id}'].get.responses)).toEqual(expect.arrayContaining(['200', '403', '404']));
    expect(doc.paths['/import-jobs/{id}/items'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
      'cursor',
      'id',
      'limit',
      'status',
    ]);
    expect(Object.keys(doc.paths['/import-jobs/{id}/cancel'].post.responses)).toEqual(expect.arrayContaining(['200', '404', '409']));
  });

  it('documents the streamed upload as a binary body with its 413 and 422 problems, and the access change with its roles', () => {
    const upload = doc.paths['/uploads/{name}'].put;
    expect(upload.requestBody.content['application/octet-stream'].schema).toEqual({ type: 'string', format: 'binary' });
    expect(Object.keys(upload.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '413', '422']));
    expect(upload['x-roles']).toEqual(['editor']);
    const access = doc.paths['/publications/{id}/access'].put;
    expect(access['x-roles']).toEqual(['editor']);
    expect(Object.keys(access.responses)).toEqual(expect.arrayContaining(['200', '400', '403', '404', '409']));
  });
});
