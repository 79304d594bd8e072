import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { register } from 'prom-client';

/** Who may read /metrics: anyone (development), the holder of a bearer token, and/or only on a port of its own. */
export interface MetricsAccess {
  token?: string;
  port?: number;
}

export const METRICS_ACCESS = Symbol('wco:metrics-access');

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Constant-time check of `Authorization: Bearer <token>` (hashing first makes the lengths equal). */
export function metricsTokenAccepted(access: MetricsAccess, headers: IncomingHttpHeaders): boolean {
  if (access.token === undefined) return true;
  const header = headers['authorization'];
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match !== null && timingSafeEqual(digest(match[1]), digest(access.token));
}

/** The separate metrics listener (METRICS_PORT): GET /metrics only, token checked when one is configured. */
export function startMetricsListener(access: MetricsAccess, host: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end('not found\n');
      return;
    }
    if (!metricsTokenAccepted(access, request.headers)) {
      response
        .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="metrics"', 'cache-control': 'no-store' })
        .end('unauthorized\n');
      return;
    }
    register.metrics().then(
      (body) => response.writeHead(200, { 'content-type': register.contentType, 'cache-control': 'no-store' }).end(body),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        Object.assign(new Error(`metrics listener (METRICS_PORT=${access.port}): ${error.message}`, { cause: error }), {
          code: error.code,
        }),
      ),
    );
    server.listen(access.port, host, () => {
      server.removeAllListeners('error');
      resolve(server);
    });
  });
}

export function listenerPort(server: Server): number {
  return (server.address() as AddressInfo).port;
}

/**
 * The METRICS_PORT listener as a Nest provider: opened when the application starts (a port already taken stops
 * the start-up, like the main port), closed when it shuts down.
 */
export class MetricsListener {
  private server?: Server;

  constructor(
    private readonly access: MetricsAccess,
    private readonly host: string,
  ) {}

  /** The bound port (METRICS_PORT, or the one the OS chose for 0). */
  get port(): number | undefined {
    return this.server ? listenerPort(this.server) : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.access.port !== undefined) this.server = await startMetricsListener(this.access, this.host);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
