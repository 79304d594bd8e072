import { lintOpenApi } from '@wco/testing';
import { GatewayTestApp, startGatewayApp } from '../testing/gateway-test-app';

jest.setTimeout(120_000);

// The notification and webhook routes as the gateway documents them (the aggregated reference includes them).
describe('gateway: OpenAPI of the notification delivery routes', () => {
  let t: GatewayTestApp;
  let doc: any;

  beforeAll(async () => {
    t = await startGatewayApp('gateway_delivery_openapi');
    doc = (await t.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lints with zero errors and zero warnings (redocly recommended, spectral:oas) with the notification and webhook routes in it', async () => {
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/notifications', '/notifications/stream', '/webhooks/{id}/deliveries']),
    );
    const result = await lintOpenApi(doc);
    expect(result.messages.filter((m) => m.severity !== 'info')).toEqual([]);
    expect(result).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('documents the stream as text/event-stream with its problems, and every route with its role', () => {
    const stream = doc.paths['/notifications/stream'].get;
    expect(Object.keys(stream.responses['200'].content)).toEqual(['text/event-stream']);
    expect(Object.keys(stream.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '406', '429']));
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { 'x-roles'?: string[] }>>)) {
      if (!/^\/(notifications|webhooks)/.test(path)) continue;
      for (const [method, operation] of Object.entries(item))
        expect([path, method, operation['x-roles']]).toEqual([path, method, ['member-analyst']]);
    }
    expect(Object.keys(doc.paths['/webhooks/{id}'].get.responses)).toEqual(expect.arrayContaining(['404']));
  });
});
