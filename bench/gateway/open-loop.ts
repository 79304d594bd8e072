import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

const WARM_UP_MS = 1000;

export interface LatencyRun {
  /** Requests answered per second over the run. */
  rps: number;
  /** Latency percentiles in milliseconds, at microsecond resolution. */
  p50: number;
  p99: number;
  max: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export interface LatencyLoad {
  origin: string;
  path: string;
  headers: Record<string, string>;
  seconds: number;
  connections: number;
  /**
   * Requests per second over all connections, sent on schedule whatever the answers do (open loop): a request is
   * timed from when it was sent, not from when a free connection took it, so while the side under test stalls the
   * requests due meanwhile wait in the pool and count against it, instead of silently slowing the load (coordinated
   * omission). The schedule is kept on a 1 ms tick; the generator's own lateness in sending is not counted. Without
   * a rate, each connection sends its next request when the last is answered (closed loop).
   */
  rate?: number;
}

/**
 * Latency measurement for the gateway bench. autocannon records whole milliseconds, which cannot show what the
 * gateway adds to a 1 ms request, and its rate limit sends bursts; this runs the requests itself on an undici pool
 * and keeps every latency at microsecond resolution.
 */
export async function measureLatency(load: LatencyLoad): Promise<LatencyRun> {
  const pool = new Pool(load.origin, { connections: load.connections, pipelining: 1 });
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const send = async (): Promise<void> => {
    const sentAt = performance.now();
    try {
      const res = await pool.request({ method: 'GET', path: load.path, headers: load.headers });
      await res.body.dump();
      if (res.statusCode < 200 || res.statusCode > 299) non2xx++;
      latencies.push(performance.now() - sentAt);
    } catch {
      errors++;
    }
  };
  /** Each connection sends its next request when the last is answered, until `end`. */
  const closedLoop = (end: number): Promise<unknown> =>
    Promise.all(
      Array.from({ length: load.connections }, async () => {
        while (performance.now() < end) await send();
      }),
    );
  let started = performance.now();
  try {
    // Every connection open and the JIT warm before the clock starts: connecting 16 sockets and compiling the first
    // requests takes tens of milliseconds, which at a few thousand requests a second is 1 % of a run (its p99).
    await closedLoop(started + WARM_UP_MS);
    latencies.length = 0;
    non2xx = 0;
    errors = 0;
    started = performance.now();
    const end = started + load.seconds * 1000;
    if (load.rate === undefined) {
      await closedLoop(end);
    } else {
      const interval = 1000 / load.rate;
      const inFlight = new Set<Promise<void>>();
      let next = 0;
      while (performance.now() < end) {
        const now = performance.now();
        for (; started + next * interval <= now; next++) {
          const request = send();
          inFlight.add(request);
          void request.finally(() => inFlight.delete(request));
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      await Promise.all(inFlight);
    }
  } finally {
    await pool.close();
  }
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : NaN);
  return { rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), max: at(1), requests: latencies.length, non2xx, errors };
}
