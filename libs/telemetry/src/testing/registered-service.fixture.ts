/*
 * Child process for telemetry.int-spec, started with `--require libs/telemetry/src/register.ts`: serves and makes
 * one HTTP request, prints "ready", then waits for SIGTERM (register.ts flushes spans to the OTLP endpoint and
 * lets the signal end the process).
 */
import { createServer, get } from 'node:http';

const server = createServer((_req, res) => res.end('ok'));
server.listen(0, '127.0.0.1', () => {
  const port = (server.address() as { port: number }).port;
  get(`http://127.0.0.1:${port}/operations`, (res) => {
    res.resume().on('end', () => {
      server.close();
      process.stdout.write('ready\n');
      // Keep the event loop alive until the signal arrives.
      setInterval(() => undefined, 1000);
    });
  });
});
