/* Child process of delivery.bench.ts: holds many SSE connections to the gateway, so that the gateway's memory per
 * connection is measured without the clients' own. Driven over IPC:
 *   parent -> { open: { url, tokens: string[], perToken } }      child -> { opened, refused }
 *   parent -> { expect: n }  (then the parent records n notifications per token's Member)
 *   child  -> { received: epoch-ms timestamps of the last of the n events of each client }
 */
import { SseClient } from '../../apps/gateway/src/testing/sse-client';

interface OpenMessage {
  open: { url: string; tokens: string[]; perToken: number };
}
interface ExpectMessage {
  expect: number;
}

const clients: SseClient[] = [];
const now = () => performance.timeOrigin + performance.now();

process.on('message', (message: OpenMessage | ExpectMessage) => {
  void (async () => {
    if ('open' in message) {
      const { url, tokens, perToken } = message.open;
      const opening: Promise<SseClient>[] = [];
      for (const token of tokens) {
        for (let i = 0; i < perToken; i++) opening.push(new SseClient(url, { authorization: `Bearer ${token}` }).open());
      }
      const opened = await Promise.all(opening);
      clients.push(...opened.filter((c) => c.status === 200));
      process.send?.({ opened: clients.length, refused: opened.length - clients.length });
    } else {
      const n = message.expect;
      const start = clients.map((c) => c.events.length);
      const done = await Promise.all(
        clients.map(async (c, i) => {
          await c.waitFor((es) => es.length >= start[i] + n, 120_000);
          return performance.timeOrigin + c.events[start[i] + n - 1].receivedAt;
        }),
      );
      process.send?.({ received: done, at: now() });
    }
  })();
});
process.on('disconnect', () => {
  for (const c of clients) c.close();
  process.exit(0);
});
