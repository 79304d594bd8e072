import autocannon from 'autocannon';

// The three load shapes of the benchmark: closed-loop ingest at maximum rate (autocannon, cheap on the 2-core
// machine), an open-loop paced submitter (fixed rate whatever the answer time, for the match latency), and a
// closed-loop reader of lists that keeps every latency (for exact percentiles).

export interface PreparedSubmission {
  authorization: string;
  body: string;
}

export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function percentiles(values: readonly number[]): Percentiles {
  if (values.length === 0) return { count: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank: the value below which p% of the observations fall.
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return {
    count: sorted.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: sorted[sorted.length - 1],
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}

export interface IngestResult {
  seconds: number;
  created: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  perSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  statusCodes: Record<string, number>;
}

/** POST /reports with `connections` connections for `seconds`, each request taking the next prepared body. */
export async function runIngest(
  baseUrl: string,
  bodies: readonly PreparedSubmission[],
  connections: number,
  seconds: number,
): Promise<IngestResult> {
  let next = 0;
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/reports',
        setupRequest: (req) => {
          // Past the end the bodies come round again; the caller prepares enough for the expected rate.
          const b = bodies[next++ % bodies.length];
          return {
            ...req,
            method: 'POST',
            path: '/reports',
            headers: { 'content-type': 'application/json', authorization: b.authorization },
            body: b.body,
          };
        },
      },
    ],
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count;
  return {
    seconds: result.duration,
    created: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    perSecond: result['2xx'] / result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    statusCodes,
  };
}

export interface SubmitOutcome {
  status: number;
  id?: string;
  /** performance.now() when the request was started / answered. */
  startedAt: number;
  answeredAt: number;
  problem?: string;
}

export async function submit(baseUrl: string, s: PreparedSubmission): Promise<SubmitOutcome> {
  const startedAt = performance.now();
  try {
    const res = await fetch(`${baseUrl}/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: s.authorization },
      body: s.body,
    });
    const text = await res.text();
    const answeredAt = performance.now();
    if (res.status !== 201) return { status: res.status, startedAt, answeredAt, problem: text.slice(0, 2000) };
    return { status: res.status, id: (JSON.parse(text) as { id: string }).id, startedAt, answeredAt };
  } catch (error) {
    return { status: 0, startedAt, answeredAt: performance.now(), problem: String(error) };
  }
}

/**
 * Open loop: starts one submission every 1/rate seconds for `seconds`, without waiting for earlier answers
 * (so a slow answer does not lower the offered rate), and resolves with every outcome.
 */
export async function runPaced(
  baseUrl: string,
  rate: number,
  seconds: number,
  nextSubmission: () => PreparedSubmission,
  onStarted?: (outcome: Promise<SubmitOutcome>) => void,
): Promise<SubmitOutcome[]> {
  const total = Math.max(1, Math.round(rate * seconds));
  const interval = 1000 / rate;
  const started = performance.now();
  const inFlight: Promise<SubmitOutcome>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const outcome = submit(baseUrl, nextSubmission());
    onStarted?.(outcome);
    inFlight.push(outcome);
  }
  return Promise.all(inFlight);
}

export interface ListQuery {
  label: string;
  path: string;
  authorization: string;
}

export interface ListResult {
  latencies: number[];
  byLabel: Map<string, number[]>;
  items: number[];
  failures: { status: number; path: string; body: string }[];
}

/** `connections` workers each issuing the next query as soon as the previous answer arrived, for `seconds`. */
export async function runLists(baseUrl: string, queries: readonly ListQuery[], connections: number, seconds: number): Promise<ListResult> {
  const out: ListResult = { latencies: [], byLabel: new Map(), items: [], failures: [] };
  const end = performance.now() + seconds * 1000;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      const q = queries[next++ % queries.length];
      const t0 = performance.now();
      const res = await fetch(`${baseUrl}${q.path}`, { headers: { authorization: q.authorization } });
      const text = await res.text();
      const ms = performance.now() - t0;
      if (res.status !== 200) {
        out.failures.push({ status: res.status, path: q.path, body: text.slice(0, 500) });
        continue;
      }
      out.latencies.push(ms);
      out.byLabel.set(q.label, [...(out.byLabel.get(q.label) ?? []), ms]);
      out.items.push((JSON.parse(text) as { items: unknown[] }).items.length);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return out;
}
