import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `wco_outbox_append(events, key_lock_namespace, shard_mask, source)`: what OutboxWriter runs to add a
 * transaction's events, usually in the same message as the transaction's `COMMIT` (no round trip of its own).
 *
 * `events` is a JSON array of `{event_id, topic, key, ce_type, ce_time, payload, headers}`; the rows keep the array's order
 * (their seq), and each payload keeps the text it has in the array (the column is `json`: what the writer wrote is
 * what the relay sends). Before inserting, the function takes the per-key advisory locks in hash order and holds them
 * to the commit, so a key's seq order is its commit order. plpgsql plans the two statements once per connection.
 */
export class OutboxAppendFunction1796342400000 implements MigrationInterface {
  name = 'OutboxAppendFunction1796342400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION wco_outbox_append(events json, key_lock_namespace int, shard_mask int, source text)
      RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(key_lock_namespace, h)
        FROM (SELECT DISTINCT hashtext(e->>'key') AS h FROM json_array_elements(events) AS e ORDER BY 1) AS k;
        INSERT INTO outbox (event_id, topic, key, shard, ce_type, ce_source, ce_subject, ce_time, payload, headers)
        SELECT e.event_id, e.topic, e.key, (hashtext(e.key) & shard_mask)::smallint, e.ce_type, source, e.key, e.ce_time,
               e.payload, e.headers
        FROM ROWS FROM (json_to_recordset(events) AS (event_id uuid, topic text, key text, ce_type text,
                                                      ce_time timestamptz, payload json, headers jsonb))
             WITH ORDINALITY AS e(event_id, topic, key, ce_type, ce_time, payload, headers, ord)
        ORDER BY e.ord;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION wco_outbox_append(json, int, int, text)`);
  }
}
