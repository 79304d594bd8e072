/* A minimal server-sent events client for the tests and the benchmark: it keeps every event it parses. */
import { request, type ClientRequest, type IncomingMessage } from 'node:http';

export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
  /** performance.now() when the event was parsed. */
  receivedAt: number;
}

export class SseClient {
  readonly events: SseEvent[] = [];
  status?: number;
  responseHeaders?: IncomingMessage['headers'];
  /** Body of a refused stream (problem+json). */
  body = '';
  heartbeats = 0;
  ended = false;
  private req?: ClientRequest;
  private buffer = '';
  private listeners: Array<() => void> = [];

  constructor(
    private readonly url: string,
    private readonly requestHeaders: Record<string, string>,
  ) {}

  /** Resolves when the response head arrived. */
  open(): Promise<this> {
    return new Promise((resolve, reject) => {
      this.req = request(this.url, { headers: { accept: 'text/event-stream', ...this.requestHeaders }, agent: false }, (res) => {
        this.status = res.statusCode;
        this.responseHeaders = res.headers;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (res.statusCode === 200 ? this.feed(chunk) : (this.body += chunk)));
        res.on('end', () => this.finish());
        res.on('close', () => this.finish());
        resolve(this);
      });
      this.req.on('error', (err) => {
        this.finish();
        if (this.status === undefined) reject(err);
      });
      this.req.end();
    });
  }

  close(): void {
    this.req?.destroy();
    this.finish();
  }

  /** Waits until `predicate` holds over the events so far; fails naming what came. */
  async waitFor(predicate: (events: SseEvent[]) => boolean, timeoutMs = 20_000): Promise<SseEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.events)) {
      if (Date.now() > deadline)
        throw new Error(`SSE events not seen within ${timeoutMs} ms; got ${JSON.stringify(this.events.map((e) => e.id))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.listeners.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.events;
  }

  /** Waits for the body of a refused stream to end. */
  async done(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  private finish(): void {
    this.ended = true;
    this.notify();
  }

  private notify(): void {
    const listeners = this.listeners;
    this.listeners = [];
    for (const l of listeners) l();
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event: SseEvent = { data: '', receivedAt: performance.now() };
      let hasData = false;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) {
          if (line.startsWith(': heartbeat')) this.heartbeats++;
          continue;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') event.id = value;
        else if (field === 'event') event.event = value;
        else if (field === 'data') {
          event.data += (hasData ? '\n' : '') + value;
          hasData = true;
        }
      }
      if (hasData) this.events.push(event);
    }
    this.notify();
  }
}
