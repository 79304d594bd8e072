/* Server-sent events over fetch. The gateway's stream authenticates with the bearer token in `Authorization`, which
 * `EventSource` cannot send (it sends no headers); a token in the URL would end up in access logs and the history.
 * So the console reads the stream with fetch and parses it as the WHATWG "event stream interpretation" says. */

export interface SseEvent {
  /** The last event id seen so far (the spec's "last event ID buffer"), if any. */
  id?: string;
  /** `message` when the event named no type. */
  event: string;
  data: string;
}

/** Incremental parser of `text/event-stream`: feed it text chunks as they arrive, get the complete events. */
export class SseParser {
  private buffer = '';
  private afterCr = false;
  private data: string[] = [];
  private event = '';
  private lastId: string | undefined;
  /** The `retry:` the server asked for, in ms. */
  retry: number | undefined;

  get lastEventId(): string | undefined {
    return this.lastId;
  }

  feed(chunk: string): SseEvent[] {
    // A \r that ended the previous chunk may be the first half of \r\n: its \n ends no second line.
    if (this.afterCr && chunk.startsWith('\n')) chunk = chunk.slice(1);
    this.afterCr = false;
    this.buffer += chunk;
    const events: SseEvent[] = [];
    for (;;) {
      const end = this.buffer.search(/\r\n|\r|\n/);
      if (end < 0) break;
      const line = this.buffer.slice(0, end);
      const crlf = this.buffer.startsWith('\r\n', end);
      if (!crlf && this.buffer[end] === '\r' && end === this.buffer.length - 1) this.afterCr = true;
      this.buffer = this.buffer.slice(end + (crlf ? 2 : 1));
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') {
      const data = this.data;
      const event = this.event || 'message';
      this.data = [];
      this.event = '';
      return data.length ? { id: this.lastId, event, data: data.join('\n') } : undefined;
    }
    if (line.startsWith(':')) return undefined; // a comment: the gateway's heartbeat
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.lastId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
    return undefined;
  }
}

export type StreamState =
  | { state: 'connecting' }
  | { state: 'open' }
  | { state: 'waiting'; retryInMs: number }
  /** The server refused the token (expired or revoked) or the caller's roles: no retry until a new sign-in. */
  | { state: 'closed'; status: number };

export interface StreamOptions {
  url: string;
  token: string;
  signal: AbortSignal;
  /** Resume after this id (the server sends what came after it first). */
  lastEventId?: string;
  onEvent(event: SseEvent): void;
  onState(state: StreamState): void;
  /** For tests: the fetch to use. */
  fetch?: typeof fetch;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * Keeps the stream open until `signal` aborts: reconnects with `Last-Event-ID` after the server ends it (token
 * expiry, a slow client dropped) or the connection breaks, after `retry:` (3 s from the gateway) and with a growing
 * delay while it keeps failing; a 429 waits for `Retry-After`. 401/403 and other 4xx stop: retrying cannot help.
 */
export async function runEventStream(options: StreamOptions): Promise<void> {
  const doFetch = options.fetch ?? fetch;
  const parser = new SseParser();
  let lastEventId = options.lastEventId;
  let failures = 0;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      options.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  while (!options.signal.aborted) {
    options.onState({ state: 'connecting' });
    let wait: number;
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${options.token}` };
      if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
      const res = await doFetch(options.url, { headers, signal: options.signal, cache: 'no-store' });
      if (res.status === 429) {
        wait = Math.max(1, Number(res.headers.get('retry-after')) || 1) * 1000;
      } else if (!res.ok || !res.body) {
        if (res.status >= 400 && res.status < 500) {
          options.onState({ state: 'closed', status: res.status });
          return;
        }
        throw new Error(`stream answered ${res.status}`);
      } else {
        options.onState({ state: 'open' });
        failures = 0;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const event of parser.feed(value)) {
            lastEventId = event.id ?? lastEventId;
            options.onEvent(event);
          }
        }
        wait = parser.retry ?? 3000;
      }
    } catch {
      if (options.signal.aborted) return;
      failures++;
      wait = Math.min(MAX_BACKOFF_MS, (parser.retry ?? 3000) * 2 ** (failures - 1));
    }
    if (options.signal.aborted) return;
    options.onState({ state: 'waiting', retryInMs: wait });
    await sleep(wait);
  }
}
