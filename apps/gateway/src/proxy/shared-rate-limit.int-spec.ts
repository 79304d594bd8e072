import { createTestDatabase, type TestDatabase } from '@wco/testing';
import { DataSource } from 'typeorm';
import { GATEWAY_MIGRATIONS } from '../database/gateway.data-source';
import { SharedRateLimitCounters } from './shared-rate-limit';

jest.setTimeout(60_000);

/** Two gateway replicas on one database (the real PostgreSQL), as two pods of the gateway's Deployment. */
describe('rate-limit counts shared by the gateway replicas', () => {
  const WINDOW = 60_000;
  let db: TestDatabase;
  let ds: DataSource;
  let other: DataSource;
  const replicas: SharedRateLimitCounters[] = [];
  const replica = (source: DataSource): SharedRateLimitCounters => {
    const r = new SharedRateLimitCounters(source, WINDOW, 0);
    replicas.push(r);
    return r;
  };
  // Inside one window, away from its end, whatever the clock says.
  const t0 = Math.floor(Date.now() / WINDOW) * WINDOW + 1000;

  beforeAll(async () => {
    db = await createTestDatabase('gw-rate');
    ds = new DataSource({ type: 'postgres', url: db.url, migrations: GATEWAY_MIGRATIONS });
    await ds.initialize();
    await ds.runMigrations();
    other = new DataSource({ type: 'postgres', url: db.url });
    await other.initialize();
  });

  afterAll(async () => {
    for (const r of replicas) await r.stop();
    await other?.destroy().catch(() => undefined);
    await ds?.destroy();
    await db?.drop();
  });

  it("counts a client's requests over both replicas once they have synchronised", async () => {
    const a = replica(ds);
    const b = replica(other);
    for (let i = 0; i < 30; i++) a.incr('sub:analyst-fr', t0);
    for (let i = 0; i < 12; i++) b.incr('sub:analyst-fr', t0);
    expect(b.incr('sub:analyst-fr', t0).current).toBe(13); // not synchronised yet: B knows only its own
    await a.sync(t0);
    await b.sync(t0);
    await a.sync(t0);
    expect(b.incr('sub:analyst-fr', t0).current).toBe(30 + 14);
    // A read B's 13 at its last synchronisation; B's 14th reaches it at the next.
    expect(a.incr('sub:analyst-fr', t0).current).toBe(31 + 13);
    // Another client's budget is its own.
    expect(a.incr('sub:analyst-ke', t0).current).toBe(1);
  });

  it('admits about the limit over two replicas taking turns, not twice the limit', async () => {
    const a = replica(ds);
    const b = replica(other);
    const max = 100;
    let admitted = 0;
    // 400 requests alternating between the replicas, both synchronising every 10 requests.
    for (let i = 0; i < 400; i++) {
      const r = i % 2 === 0 ? a : b;
      if (r.incr('ip:203.0.113.7', t0).current <= max) admitted++;
      if (i % 10 === 9) await Promise.all([a.sync(t0), b.sync(t0)]);
    }
    expect(admitted).toBeGreaterThanOrEqual(max);
    // At most what the other replica admitted within one synchronisation interval on top.
    expect(admitted).toBeLessThanOrEqual(max + 5);
  });

  it('starts every client afresh in the next window, and says when the window ends', async () => {
    const a = replica(ds);
    for (let i = 0; i < 5; i++) a.incr('sub:coordinator', t0);
    const later = a.incr('sub:coordinator', t0 + WINDOW);
    expect(later.current).toBe(1);
    expect(later.ttl).toBe(WINDOW - 1000);
  });

  it('goes on limiting on its own counts when the database is unreachable', async () => {
    const lonely = new DataSource({ type: 'postgres', url: db.url });
    await lonely.initialize();
    const a = replica(lonely);
    a.incr('sub:analyst-de', t0);
    await lonely.destroy();
    await expect(a.sync(t0)).resolves.toBeUndefined();
    expect(a.incr('sub:analyst-de', t0).current).toBe(2);
  });
});
