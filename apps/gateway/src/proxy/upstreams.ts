import type { GatewayConfig } from '../config/gateway.config';

/** A service behind the gateway: `/api/<key>/...` goes to `<url>/...`. */
export interface Upstream {
  /** Path segment after /api, also the prefix of its schema and operation names in the aggregated document. */
  key: 'intel' | 'budget' | 'assistance' | 'research';
  service: string;
  prefix: string;
  url: string;
}

export function upstreamsOf(config: Readonly<GatewayConfig>): Upstream[] {
  const upstream = (key: Upstream['key'], service: string, url: string): Upstream => ({
    key,
    service,
    prefix: `/api/${key}`,
    url: url.replace(/\/+$/, ''),
  });
  return [
    upstream('intel', 'intel-exchange', config.GATEWAY_UPSTREAM_INTEL),
    upstream('budget', 'budget-audit', config.GATEWAY_UPSTREAM_BUDGET),
    upstream('assistance', 'assistance', config.GATEWAY_UPSTREAM_ASSISTANCE),
    upstream('research', 'research-catalogue', config.GATEWAY_UPSTREAM_RESEARCH),
  ];
}
