/* A webhook receiver on loopback for the tests and the benchmark: it verifies each delivery with the
 * `standardwebhooks` Webhook class (the receiver side of the spec) and keeps what it got. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  body: string;
  payload: { type: string; timestamp: string; data: Record<string, unknown> };
  /** Which of the secrets verified the signature header (index into `secrets`), -1 when none did. */
  verifiedWith: number[];
  receivedAt: number;
}

export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  /** Secrets to verify with (set after the endpoint is created). */
  secrets: string[] = [];
  /** Answer this status (e.g. 500 to make deliveries fail). */
  answer = 204;
  private server?: Server;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  /** Listens on `port` (0: a free one, kept for a restart). */
  async start(port = this.port): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const verifiedWith = this.secrets.flatMap((secret, i) => {
          try {
            new Webhook(secret).verify(body, req.headers as Record<string, string>);
            return [i];
          } catch {
            return [];
          }
        });
        this.received.push({ headers: req.headers, body, payload: JSON.parse(body), verifiedWith, receivedAt: performance.now() });
        res.writeHead(this.answer).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async waitFor(predicate: (received: ReceivedDelivery[]) => boolean, timeoutMs = 20_000): Promise<ReceivedDelivery[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.received)) {
      if (Date.now() > deadline) throw new Error(`webhook deliveries not seen within ${timeoutMs} ms; got ${this.received.length}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return this.received;
  }
}
