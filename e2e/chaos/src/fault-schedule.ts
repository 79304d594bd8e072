// The seeded fault schedule: which faults, in which order, how long each lasts and how long the system runs
// undisturbed before the next. The same seed and count always give the same schedule, so a failing run can be
// replayed with CHAOS_SEED.

export const FAULT_KINDS = ['broker-kill', 'broker-hang', 'relay-kill', 'consumer-kill', 'postgres-restart'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FAULT_DESCRIPTIONS: Record<FaultKind, string> = {
  'broker-kill': 'Kafka broker kill -9, restarted after the pause',
  'broker-hang': 'Kafka broker SIGSTOP for the duration, then SIGCONT (hung, not dead)',
  'relay-kill': 'outbox relay process kill -9, restarted after the pause',
  'consumer-kill': 'consumer process kill -9 while applying; its last commits lost (offsets rewound), then restarted',
  'postgres-restart': 'PostgreSQL stopped (fast or immediate) and started again after the pause',
};

export interface PlannedFault {
  index: number;
  kind: FaultKind;
  /** Undisturbed load before the fault, after the previous one recovered. */
  gapMs: number;
  /** How long the component stays down (killed or stopped) or hung. */
  durationMs: number;
  /** PostgreSQL only: how it is stopped. */
  mode?: 'fast' | 'immediate';
}

/** mulberry32: small, fast, good enough to spread faults; seeded so a run can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DURATION_MS: Record<FaultKind, [number, number]> = {
  'broker-kill': [1000, 4000],
  'broker-hang': [2000, 6000],
  'relay-kill': [300, 3000],
  'consumer-kill': [300, 3000],
  'postgres-restart': [500, 3000],
};

/** Every kind at least `min(3, faults / 5)` times (so at least once from 5 faults on), the rest drawn at random. */
export function minimumPerKind(faults: number): number {
  return Math.max(1, Math.min(3, Math.floor(faults / FAULT_KINDS.length)));
}

export interface PlanOptions {
  /** Undisturbed load before each fault, [min, max] ms. */
  gapMs?: [number, number];
  /** Kinds the faults beyond the minimum are drawn from (default: all). */
  fillKinds?: readonly FaultKind[];
}

export function planFaults(seed: number, faults: number, options: PlanOptions = {}): PlannedFault[] {
  const gapMs = options.gapMs ?? [2000, 6000];
  const fill = options.fillKinds?.length ? options.fillKinds : FAULT_KINDS;
  if (!Number.isInteger(faults) || faults < FAULT_KINDS.length) {
    throw new Error(`a schedule needs at least ${FAULT_KINDS.length} faults (one of each kind), got ${faults}`);
  }
  const rnd = prng(seed);
  const between = ([lo, hi]: [number, number]): number => Math.round(lo + rnd() * (hi - lo));
  const kinds: FaultKind[] = FAULT_KINDS.flatMap((k) => Array.from({ length: minimumPerKind(faults) }, () => k));
  while (kinds.length < faults) kinds.push(fill[Math.floor(rnd() * fill.length)]);
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
  }
  return kinds.map((kind, index) => ({
    index: index + 1,
    kind,
    gapMs: between(gapMs),
    durationMs: between(DURATION_MS[kind]),
    ...(kind === 'postgres-restart' ? { mode: rnd() < 0.5 ? ('fast' as const) : ('immediate' as const) } : {}),
  }));
}
