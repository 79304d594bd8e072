import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-client request counts of each gateway replica per rate-limit window, so that every replica enforces one limit
 * for the client across all of them (see proxy/shared-rate-limit.ts). UNLOGGED: counts are worth nothing after a
 * crash, and writing them costs no WAL flush.
 */
export class RateLimitCounters1796170000002 implements MigrationInterface {
  name = 'RateLimitCounters1796170000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit_counter (
        window_start bigint NOT NULL,
        client_key text NOT NULL,
        replica text NOT NULL,
        count integer NOT NULL,
        PRIMARY KEY (window_start, client_key, replica)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_counter`);
  }
}
