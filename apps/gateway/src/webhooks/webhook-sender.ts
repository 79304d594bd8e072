import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { CheckedTarget } from './webhook-target';

// Connections to receivers are kept alive between deliveries (a TLS handshake per delivery would bound an
// endpoint's rate): a kept socket is connected to an address that was checked when it was opened, and each
// delivery checks the URL again before it is sent.
const AGENT_OPTIONS = { keepAlive: true, keepAliveMsecs: 10_000, maxFreeSockets: 256, timeout: 30_000 };
const httpAgent = new HttpAgent(AGENT_OPTIONS);
const httpsAgent = new HttpsAgent(AGENT_OPTIONS);

/** A receiver's answer is read up to this many bytes (for the delivery log), the rest is discarded. */
export const MAX_RESPONSE_BYTES = 4096;

export interface SendResult {
  /** HTTP status, absent when no answer came (refused, timeout, reset). */
  status?: number;
  latencyMs: number;
  /** Beginning of the response body (text), at most MAX_RESPONSE_BYTES. */
  responseExcerpt?: string;
  error?: string;
}

/**
 * One POST to a checked target: the socket connects to the address that was checked (no second DNS lookup),
 * TLS still verifies the certificate against the URL's host name, redirects are not followed (a 3xx is a failed
 * attempt), the response body is capped and the whole exchange has one deadline.
 */
export function sendWebhook(target: CheckedTarget, body: string, headers: Record<string, string>, timeoutMs: number): Promise<SendResult> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    } else {
      callback(null, target.address, target.family);
    }
  };
  const options: RequestOptions = {
    method: 'POST',
    protocol: target.url.protocol,
    hostname: target.url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: target.url.port || undefined,
    path: `${target.url.pathname}${target.url.search}`,
    headers: {
      ...headers,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': 'wco-gateway-webhooks/1',
    },
    lookup: pinned,
    agent: target.url.protocol === 'https:' ? httpsAgent : httpAgent,
    timeout: timeoutMs,
  };
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve({ ...result, latencyMs: Math.round(elapsed() * 1000) / 1000 });
    };
    const req = (target.url.protocol === 'https:' ? httpsRequest : httpRequest)(options, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_RESPONSE_BYTES) chunks.push(chunk.subarray(0, MAX_RESPONSE_BYTES - size));
        size += chunk.length;
        // A receiver answering more than the cap loses its connection (a kept-alive one would carry the rest).
        if (size >= MAX_RESPONSE_BYTES) res.destroy();
      });
      const done = () => finish({ status: res.statusCode, responseExcerpt: Buffer.concat(chunks).toString('utf8') });
      res.on('end', done);
      res.on('close', done);
      res.on('error', done);
    });
    const deadline = setTimeout(() => {
      req.destroy(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => finish({ error: err.code ? `${err.code}: ${err.message}` : err.message }));
    req.end(body);
  });
}
