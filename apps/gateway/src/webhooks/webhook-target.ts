import { lookup } from 'node:dns/promises';
import { isIP, type BlockList } from 'node:net';
import { isAllowListed, refusedRange } from './outbound-address';

export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** A URL that passed the checks, with the address the request must connect to. */
export interface CheckedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/** Why a webhook URL is refused: the reason a 400 (registration) or a delivery attempt's error names. */
export class WebhookTargetRefusedError extends Error {
  constructor(
    readonly code: 'invalid_url' | 'scheme_not_allowed' | 'address_refused' | 'unresolvable_host',
    reason: string,
  ) {
    super(reason);
  }
}

/** Syntax only: an absolute http(s) URL without credentials or fragment (registration checks it before resolving). */
export function parseWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookTargetRefusedError('invalid_url', 'must be an absolute https URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new WebhookTargetRefusedError('scheme_not_allowed', 'must be an https URL');
  if (url.username || url.password) throw new WebhookTargetRefusedError('invalid_url', 'must not carry credentials (user:password@)');
  if (url.hash) throw new WebhookTargetRefusedError('invalid_url', 'must not have a fragment');
  if (!url.hostname) throw new WebhookTargetRefusedError('invalid_url', 'must name a host');
  return url;
}

export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/**
 * Resolves the URL's host and checks every address it resolves to: one refused address refuses the URL (a host
 * answering both a public and a private address could be steered to the private one). Plain http only to an
 * allow-listed address.
 */
export async function checkWebhookTarget(raw: string, allow: BlockList, resolve: Resolver = systemResolver): Promise<CheckedTarget> {
  const url = parseWebhookUrl(raw);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: Array<{ address: string; family: number }>;
  if (isIP(host) !== 0) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await resolve(host);
    } catch {
      throw new WebhookTargetRefusedError('unresolvable_host', `host ${host} does not resolve`);
    }
    if (addresses.length === 0) throw new WebhookTargetRefusedError('unresolvable_host', `host ${host} does not resolve`);
  }
  for (const { address } of addresses) {
    const range = refusedRange(address, allow);
    if (range)
      throw new WebhookTargetRefusedError(
        'address_refused',
        `resolves to a ${range.replaceAll('_', '-')} address, which webhooks may not reach`,
      );
  }
  const chosen = addresses[0];
  if (url.protocol === 'http:' && !addresses.every((a) => isAllowListed(a.address, allow))) {
    throw new WebhookTargetRefusedError('scheme_not_allowed', 'must be an https URL (http only to addresses the operator allow-listed)');
  }
  return { url, address: chosen.address, family: chosen.family === 6 ? 6 : 4 };
}
