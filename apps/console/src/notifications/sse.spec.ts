/* The console's event-stream reader against a real HTTP server speaking text/event-stream (the gateway's format:
 * id, event, data, retry, heartbeat comments), not a stubbed fetch. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runEventStream, SseParser, type SseEvent, type StreamState } from './sse';

describe('SseParser', () => {
  it('parses events split anywhere across chunks, with CRLF, LF and CR line ends, skipping comments', () => {
    const text =
      ': heartbeat\r\nretry: 3000\r\nid: 7\r\nevent: intel.match.found\r\ndata: {"a":\r\ndata: 1}\r\n\r\n: hb\n\nid: 8\rdata: two\r\r';
    for (let size = 1; size <= text.length; size++) {
      const parser = new SseParser();
      const events: SseEvent[] = [];
      for (let i = 0; i < text.length; i += size) events.push(...parser.feed(text.slice(i, i + size)));
      expect({ size, events }).toEqual({
        size,
        events: [
          { id: '7', event: 'intel.match.found', data: '{"a":\n1}' },
          { id: '8', event: 'message', data: 'two' },
        ],
      });
      expect(parser.retry).toBe(3000);
    }
  });

  it('dispatches nothing for a block without data, and keeps the last id for the next event', () => {
    const parser = new SseParser();
    expect(parser.feed('id: 3\n\n')).toEqual([]);
    expect(parser.feed('data:x\n\n')).toEqual([{ id: '3', event: 'message', data: 'x' }]);
    expect(parser.lastEventId).toBe('3');
  });
});

describe('runEventStream against an HTTP server', () => {
  let server: Server;
  let url: string;
  let handler: (req: IncomingMessage, res: ServerResponse) => void;
  const requests: { authorization?: string; lastEventId?: string; accept?: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push({
        authorization: req.headers.authorization,
        lastEventId: req.headers['last-event-id'] as string | undefined,
        accept: req.headers.accept,
      });
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notifications/stream`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (requests.length = 0));

  it('sends the token in Authorization, reconnects after the server ends the stream with Last-Event-ID, and stops on 401', async () => {
    let connection = 0;
    handler = (_req, res) => {
      connection++;
      if (connection === 1) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('retry: 50\n\n: hb\n\n');
        res.end('id: 41\nevent: intel.match.found\ndata: {"id":"n1"}\n\n');
      } else if (connection === 2) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end('id: 42\nevent: intel.match.found\ndata: {"id":"n2"}\n\n');
      } else {
        res.writeHead(401, { 'content-type': 'application/problem+json' });
        res.end('{"code":"invalid_token"}');
      }
    };
    const events: SseEvent[] = [];
    const states: StreamState[] = [];
    const abort = new AbortController();
    await runEventStream({ url, token: 'tok', signal: abort.signal, onEvent: (e) => events.push(e), onState: (s) => states.push(s) });
    expect(events.map((e) => [e.id, e.data])).toEqual([
      ['41', '{"id":"n1"}'],
      ['42', '{"id":"n2"}'],
    ]);
    expect(requests).toEqual([
      { authorization: 'Bearer tok', lastEventId: undefined, accept: 'text/event-stream' },
      { authorization: 'Bearer tok', lastEventId: '41', accept: 'text/event-stream' },
      { authorization: 'Bearer tok', lastEventId: '42', accept: 'text/event-stream' },
    ]);
    expect(states.at(-1)).toEqual({ state: 'closed', status: 401 });
    expect(states).toContainEqual({ state: 'waiting', retryInMs: 50 });
  });

  it('waits for Retry-After on a 429 and resumes from the id it was given', async () => {
    let connection = 0;
    handler = (_req, res) => {
      connection++;
      if (connection === 1) {
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/problem+json' });
        res.end('{}');
      } else {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('id: 9\ndata: {"id":"n9"}\n\n');
      }
    };
    const abort = new AbortController();
    const states: StreamState[] = [];
    const got = new Promise<SseEvent>((resolve) => {
      void runEventStream({ url, token: 't', lastEventId: '5', signal: abort.signal, onEvent: resolve, onState: (s) => states.push(s) });
    });
    expect((await got).id).toBe('9');
    abort.abort();
    expect(states).toContainEqual({ state: 'waiting', retryInMs: 1000 });
    expect(requests.map((r) => r.lastEventId)).toEqual(['5', '5']);
  });
});
