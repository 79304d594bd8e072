import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** What @fastify/rate-limit's store hands back for one request. */
export interface RateLimitState {
  current: number;
  ttl: number;
}

interface ClientCount {
  window: number;
  /** This replica's requests in the window. */
  own: number;
  /** How many of them the database has. */
  written: number;
  /** The other replicas' requests in the window, as last read. */
  others: number;
}

/**
 * Per-client request counts shared by every gateway replica, so that a client gets one budget however many replicas
 * its requests are spread over (HorizontalPodAutoscaler, several pods behind one Service).
 *
 * A request never waits for the database: it is counted here, against this replica's count plus the other
 * replicas' as last read. Every `syncMs` the replica adds what it counted since to its row of the (UNLOGGED) table
 * and reads the others' sums for the clients it has seen. So the limit holds across replicas, overshooting by at
 * most what the other replicas admit in one interval; with the database down, each replica goes on counting alone
 * (the limit becomes per replica, never "no limit") and says so in its log once.
 *
 * Windows are fixed and aligned to the epoch (`floor(now / window)`), so that every replica counts the same window.
 */
export class SharedRateLimitCounters {
  private readonly logger = new Logger(SharedRateLimitCounters.name);
  private readonly counts = new Map<string, ClientCount>();
  private readonly replica = randomUUID();
  private timer?: NodeJS.Timeout;
  private syncing?: Promise<void>;
  private failing = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly windowMs: number,
    private readonly syncMs: number,
    /** Clients remembered at most (the oldest are dropped first, as the plugin's own store does). */
    private readonly maxClients = 50_000,
  ) {}

  start(): void {
    if (this.timer || this.syncMs <= 0) return;
    this.timer = setInterval(() => void this.sync(), this.syncMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.syncing;
  }

  /** Counts one request of `client` and returns the client's count over all replicas in this window. */
  incr(client: string, now = Date.now()): RateLimitState {
    const window = Math.floor(now / this.windowMs);
    let entry = this.counts.get(client);
    if (!entry || entry.window !== window) {
      entry = { window, own: 0, written: 0, others: 0 };
      // Re-inserted, so that the map stays in order of last window start (oldest first) for the eviction below.
      this.counts.delete(client);
      this.counts.set(client, entry);
      while (this.counts.size > this.maxClients) this.counts.delete(this.counts.keys().next().value as string);
    }
    entry.own++;
    return { current: entry.own + entry.others, ttl: (window + 1) * this.windowMs - now };
  }

  /** Writes this replica's new counts and reads the others'. One round trip each; never throws. */
  sync(now = Date.now()): Promise<void> {
    this.syncing ??= this.syncOnce(Math.floor(now / this.windowMs)).finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async syncOnce(window: number): Promise<void> {
    const current = [...this.counts].filter(([, c]) => c.window === window);
    if (current.length === 0) return;
    const changed = current.filter(([, c]) => c.own > c.written);
    try {
      if (changed.length > 0) {
        await this.dataSource.query(
          `INSERT INTO rate_limit_counter (window_start, client_key, replica, count)
           SELECT $1, k, $2, n FROM unnest($3::text[], $4::int[]) AS t(k, n)
           ON CONFLICT (window_start, client_key, replica) DO UPDATE SET count = GREATEST(rate_limit_counter.count, EXCLUDED.count)`,
          [window, this.replica, changed.map(([k]) => k), changed.map(([, c]) => c.own)],
        );
        for (const [, c] of changed) c.written = c.own;
      }
      const others = (await this.dataSource.query(
        `SELECT client_key, sum(count)::int AS n FROM rate_limit_counter
         WHERE window_start = $1 AND replica <> $2 AND client_key = ANY($3::text[]) GROUP BY client_key`,
        [window, this.replica, current.map(([k]) => k)],
      )) as { client_key: string; n: number }[];
      for (const row of others) {
        const entry = this.counts.get(row.client_key);
        if (entry?.window === window) entry.others = row.n;
      }
      // Windows before the previous one are of no use to anyone (each replica deletes; it is idempotent).
      await this.dataSource.query(`DELETE FROM rate_limit_counter WHERE window_start < $1`, [window - 1]);
      if (this.failing) this.logger.log('shared rate-limit counts are written and read again');
      this.failing = false;
    } catch (err) {
      if (!this.failing) {
        this.logger.warn(
          `shared rate-limit counts could not be synchronised (${(err as Error).message}); this replica limits clients on its own counts until they can`,
        );
      }
      this.failing = true;
    }
  }

  /** A store class for @fastify/rate-limit's `store` option, over these counters (the plugin constructs it). */
  storeClass(): new () => RateLimitStore {
    const incr = (key: string): RateLimitState => this.incr(key);
    return class SharedStore implements RateLimitStore {
      incr(key: string, callback: (error: Error | null, state: RateLimitState) => void): void {
        callback(null, incr(key));
      }
      child(): RateLimitStore {
        return new SharedStore();
      }
    };
  }
}

interface RateLimitStore {
  incr(key: string, callback: (error: Error | null, state: RateLimitState) => void): void;
  child(): RateLimitStore;
}
