import { ConfigError, loadConfig } from '@wco/config';
import { GatewayConfig } from './gateway.config';

const dev = { AUTH_DEV_ISSUER: 'true' };

describe('GatewayConfig', () => {
  it('routes to the services on their default ports, with the documented limits', () => {
    const config = loadConfig(GatewayConfig, dev);
    expect([
      config.GATEWAY_UPSTREAM_INTEL,
      config.GATEWAY_UPSTREAM_BUDGET,
      config.GATEWAY_UPSTREAM_ASSISTANCE,
      config.GATEWAY_UPSTREAM_RESEARCH,
    ]).toEqual(['http://127.0.0.1:3001', 'http://127.0.0.1:3002', 'http://127.0.0.1:3003', 'http://127.0.0.1:3004']);
    expect(config.GATEWAY_CORS_ORIGINS).toEqual([]);
    expect(config.GATEWAY_PUBLIC_ROUTES).toEqual(['GET /api/research/oai']);
    expect(config.GATEWAY_CONNECT_TIMEOUT_MS).toBe(500);
  });

  it('reads lists and numbers from the environment', () => {
    const config = loadConfig(GatewayConfig, {
      ...dev,
      GATEWAY_CORS_ORIGINS: 'https://console.wcoomd.org, http://127.0.0.1:4200',
      GATEWAY_PUBLIC_ROUTES: 'GET /api/research/oai,GET /api/intel/public/{id}',
      GATEWAY_RATE_LIMIT_MAX: '50',
    });
    expect(config.GATEWAY_CORS_ORIGINS).toEqual(['https://console.wcoomd.org', 'http://127.0.0.1:4200']);
    expect(config.GATEWAY_PUBLIC_ROUTES).toEqual(['GET /api/research/oai', 'GET /api/intel/public/{id}']);
    expect(config.GATEWAY_RATE_LIMIT_MAX).toBe(50);
  });

  it('refuses malformed values, naming every variable at once', () => {
    const load = (): GatewayConfig =>
      loadConfig(GatewayConfig, {
        ...dev,
        GATEWAY_UPSTREAM_INTEL: 'ftp://x',
        GATEWAY_CONNECT_TIMEOUT_MS: '10',
        GATEWAY_CORS_ORIGINS: 'https://ok.example,*',
        GATEWAY_PUBLIC_ROUTES: 'GET /api/elsewhere/x',
        AUTH_VERIFIED_TOKEN_CACHE_SECONDS: 'soon',
      });
    const error = ((): unknown => {
      try {
        return load();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual([
      'AUTH_VERIFIED_TOKEN_CACHE_SECONDS',
      'GATEWAY_CONNECT_TIMEOUT_MS',
      'GATEWAY_CORS_ORIGINS',
      'GATEWAY_PUBLIC_ROUTES',
      'GATEWAY_UPSTREAM_INTEL',
    ]);
  });
});
