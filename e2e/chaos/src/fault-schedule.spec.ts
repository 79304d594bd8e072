import { containerNumber } from './chaos-load';
import { FAULT_KINDS, planFaults } from './fault-schedule';

describe('seeded fault schedule', () => {
  const countOf = (plan: ReturnType<typeof planFaults>, kind: string): number => plan.filter((f) => f.kind === kind).length;

  it('gives the same schedule for the same seed, and another for another seed', () => {
    expect(planFaults(42, 22)).toEqual(planFaults(42, 22));
    expect(planFaults(43, 22).map((f) => f.kind)).not.toEqual(planFaults(42, 22).map((f) => f.kind));
  });

  it('has every kind at least 3 times in a long run and at least once in a short one', () => {
    for (const seed of [1, 2, 3, 20_261_201]) {
      const long = planFaults(seed, 22);
      expect(long).toHaveLength(22);
      for (const kind of FAULT_KINDS) expect(countOf(long, kind)).toBeGreaterThanOrEqual(3);
      const short = planFaults(seed, 6);
      expect(short).toHaveLength(6);
      for (const kind of FAULT_KINDS) expect(countOf(short, kind)).toBeGreaterThanOrEqual(1);
    }
  });

  it('keeps durations and gaps in their bounds and gives PostgreSQL a stop mode', () => {
    const plan = planFaults(7, 40);
    for (const f of plan) {
      expect(f.gapMs).toBeGreaterThanOrEqual(2000);
      expect(f.gapMs).toBeLessThanOrEqual(6000);
      expect(f.durationMs).toBeGreaterThanOrEqual(300);
      expect(f.durationMs).toBeLessThanOrEqual(6000);
      expect(f.mode !== undefined).toBe(f.kind === 'postgres-restart');
    }
  });

  it('refuses a schedule too short to hold every kind', () => {
    expect(() => planFaults(1, 4)).toThrow('at least 5 faults');
  });

  it('draws the faults beyond the minimum from the kinds it is given', () => {
    const plan = planFaults(5, 12, { fillKinds: ['relay-kill'] });
    expect(countOf(plan, 'broker-kill')).toBe(2);
    expect(countOf(plan, 'relay-kill')).toBe(4);
  });
});

describe('generated container numbers', () => {
  it('carry the ISO 6346 check digit the API validates', () => {
    // CSQU3054383 is the usual ISO 6346 example (and a container the service's own fixtures submit).
    expect(containerNumber('CSQ', 305438)).toBe('CSQU3054383');
    expect(containerNumber('MSK', 907032)).toBe('MSKU9070323');
  });
});
