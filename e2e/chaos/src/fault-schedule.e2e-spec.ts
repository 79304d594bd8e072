import { FAULT_KINDS } from './fault-schedule';
import { runChaos, type ChaosResult } from './chaos-run';

// The short fault schedule of `npm test` (npm run chaos runs the long one): one fault of each kind at least, under
// load, against the run's own PostgreSQL and broker. A new seed each run, printed; CHAOS_SEED replays one.
jest.setTimeout(420_000);

describe('intel exchange under a seeded fault schedule (broker kill -9 and SIGSTOP, relay, consumer, PostgreSQL)', () => {
  let result: ChaosResult;
  const seed = Number(process.env['CHAOS_SEED'] || Math.floor(Math.random() * 2 ** 31));

  beforeAll(async () => {
    result = await runChaos({
      seed,
      faults: 6,
      gapMs: [1500, 3000],
      // The extra fault is never a second broker kill: restarting the JVM costs 20-40 s on a busy 2-core machine.
      fillKinds: FAULT_KINDS.filter((k) => k !== 'broker-kill'),
      log: (line) => process.stdout.write(`[chaos] ${line}\n`),
    });
  });

  it('injected every planned fault, each kind at least once, and recovered from each', () => {
    expect(result.faults).toHaveLength(6);
    for (const kind of FAULT_KINDS) expect(result.faults.filter((f) => f.kind === kind).length).toBeGreaterThanOrEqual(1);
    for (const f of result.faults) expect(f.recoveredAt).toBeGreaterThanOrEqual(f.healedAt);
  });

  it("consumed every committed report's events exactly once, per key in outbox order, with nothing dead-lettered", () => {
    const t = result.totals;
    expect(result.violations).toEqual([]);
    expect(t.reportsCommitted).toBeGreaterThan(50);
    expect(t.reportRowsInDatabase).toBe(t.reportsCommitted);
    expect(t.eventsConsumed).toBe(t.eventsProduced);
    expect(t.effectRows).toBe(t.eventsProduced);
    expect(t.keysWithSeveralEvents).toBeGreaterThan(0);
    expect(t.deadLetters).toBe(0);
  });

  it('absorbed redeliveries in the inbox rather than applying them again', () => {
    // The consumer kill also loses the group's last commits (offsets rewound), so redeliveries are certain.
    const rewound = result.faults
      .filter((f) => f.kind === 'consumer-kill')
      .reduce((n, f) => n + Number(/rewound (\d+)/.exec(f.note ?? '')?.[1] ?? 0), 0);
    expect(rewound).toBeGreaterThan(0);
    expect(result.totals.duplicatesAbsorbed).toBeGreaterThanOrEqual(rewound);
    // The trigger's count and the runner's own metric agree (the metric can only lose counts at a kill -9).
    expect(result.totals.duplicatesByRunnerMetric).toBeLessThanOrEqual(result.totals.duplicatesAbsorbed);
  });
});
