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
    // Every operation states who may call it and which problems it answers with.
    for (const [path, operations] of Object.entries<Record<string, any>>(document.paths)) {
      for (const [method, op] of Object.entries<any>(operations)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        expect([`${method} ${path}`, Object.keys(op.responses).some((code) => /^4/.test(code))]).toEqual([`${method} ${path}`, true]);
      }
    }
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/requests',
        '/requests/{id}',
        '/requests/{id}/transitions',
        '/missions/{id}/funding-request',
        '/exports/iati-activities.xml',
        '/calendar/{token}',
        '/missions/{id}/logistics',
        '/missions/{id}/history',
        '/requests/{id}/follow-ups',
        '/follow-ups',
        '/follow-ups/{id}',
        '/follow-ups/{id}/transitions',
        '/portfolio/requests',
        '/portfolio/missions',
      ]),
    );
  });
});
