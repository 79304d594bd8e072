/* Services stand-ins for the edge specs: real HTTP servers on loopback that count what reaches them and stream what
 * they send, so that the gateway's streaming, limits and failures can be observed from both sides. */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  bodyBytes: number;
}

/** Its OpenAPI document: `/public/ping` is public (`security: []`), the rest needs a token. */
export function upstreamDocument(title: string): object {
  const ok = { '200': { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/Echo' } } } } };
  return {
    openapi: '3.0.0',
    info: { title, version: '1' },
    paths: {
      '/public/ping': { get: { operationId: 'ping', tags: ['probe'], security: [], responses: ok } },
      '/items/{id}': {
        get: {
          operationId: 'item',
          tags: ['items'],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: ok,
        },
      },
      '/echo': { post: { operationId: 'echo', tags: ['items'], responses: ok } },
      '/metrics': { get: { operationId: 'metrics', tags: ['metrics'], security: [], responses: ok } },
    },
    components: { schemas: { Echo: { type: 'object', properties: { url: { type: 'string' } } } } },
  };
}

export class LoopbackUpstream {
  readonly seen: SeenRequest[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  /**
   * Routes: `/docs/openapi.json`; `/download?bytes=N` streams N bytes; `/hang` never answers; anything else drains
   * the body, counting its bytes without keeping them, and answers with what it saw.
   */
  static async start(title: string): Promise<LoopbackUpstream> {
    const holder: { upstream?: LoopbackUpstream } = {};
    const server = createServer((req, res) => holder.upstream?.handle(req, res, title));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.upstream = new LoopbackUpstream(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return holder.upstream;
  }

  private handle(req: IncomingMessage, res: ServerResponse, title: string): void {
    const url = new URL(req.url ?? '/', 'http://upstream');
    if (url.pathname === '/docs/openapi.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(upstreamDocument(title)));
      return;
    }
    if (url.pathname === '/hang') return;
    if (url.pathname === '/download') {
      const total = Number(url.searchParams.get('bytes'));
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(total) });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = (): void => {
        while (sent < total) {
          const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
          sent += piece.length;
          if (!res.write(piece)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
      return;
    }
    const record: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, bodyBytes: 0 };
    this.seen.push(record);
    req.on('data', (chunk: Buffer) => (record.bodyBytes += chunk.length));
    req.on('error', () => undefined);
    // A test may ask for response headers: `x-test-reply-headers: {"name": "value"}`.
    const asked = req.headers['x-test-reply-headers'];
    const extra = typeof asked === 'string' ? (JSON.parse(asked) as Record<string, string>) : {};
    req.on('end', () => {
      res.writeHead(200, { ...extra, 'content-type': 'application/json' }).end(JSON.stringify({ service: title, ...record }));
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
