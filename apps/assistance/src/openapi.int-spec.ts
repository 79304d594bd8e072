import { lintOpenApi } from '@wco/testing';
import { AssistanceTestApp, startAssistanceApp } from './testing/assistance-test-app';

jest.setTimeout(120_000);

// The document Members' systems are built against must lint clean with the platform's Redocly and Spectral rules.
describe('assistance: OpenAPI document', () => {
  let t: AssistanceTestApp;

  beforeAll(async () => {
    t = await startAssistanceApp('assistance_openapi');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lints without errors and documents every route', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json();
    const result = await lintOpenApi(document);
    expect(result.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/requests',
        '/requests/{id}',
        '/requests/{id}/transitions',
        '/missions/{id}/funding-request',
        '/exports/iati-activities.xml',
        '/calendar/{token}',
      ]),
    );
  });
});
