import type { MigrationInterface, QueryRunner } from 'typeorm';
import { OUTBOX_CHANNEL, WAKE_LOCK_NAMESPACE } from '../outbox/outbox.constants';

/**
 * The outbox trigger NOTIFYs only when a relay waits for one, once per wait, instead of on every insert.
 *
 * PostgreSQL serialises the commits of transactions that NOTIFY (a cluster-wide lock held through the commit's WAL
 * flush), so a NOTIFY per business transaction caps concurrent writers at one commit flush at a time. A relay
 * registers in `outbox_waiting_relay` before each claim; the first writer after that removes the registrations and
 * notifies, the writers after it (until the relay registers again) do not.
 *
 * No wake-up is lost: writers take `pg_advisory_xact_lock_shared(WAKE, 0)` in the trigger (held to their commit)
 * and a relay registers under the exclusive lock, so a writer either finished before the registration (then the
 * claim that follows the registration sees its rows) or sees the registration and notifies. If the writer that
 * removed the registrations rolls back, the relay's poll interval picks the others' rows up.
 */
export class OutboxNotifyWhenRelayWaits1767657600000 implements MigrationInterface {
  name = 'OutboxNotifyWhenRelayWaits1767657600000';

  async up(q: QueryRunner): Promise<void> {
    // UNLOGGED: registrations are worth nothing after a crash (relays register again before their next claim), and
    // a transaction that only touches an unlogged table commits without a WAL flush.
    await q.query(`CREATE UNLOGGED TABLE outbox_waiting_relay (relay_id text PRIMARY KEY, since timestamptz NOT NULL DEFAULT now())`);
    await q.query(`
      CREATE FUNCTION outbox_notify_if_waited_for() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        removed int;
      BEGIN
        PERFORM pg_advisory_xact_lock_shared(${WAKE_LOCK_NAMESPACE}, 0);
        IF EXISTS (SELECT 1 FROM outbox_waiting_relay) THEN
          -- SKIP LOCKED: a concurrent writer removing them notifies at its commit; this one need not wait for it.
          WITH gone AS (
            DELETE FROM outbox_waiting_relay
            WHERE relay_id IN (SELECT relay_id FROM outbox_waiting_relay FOR UPDATE SKIP LOCKED)
            RETURNING 1
          )
          SELECT count(*) INTO removed FROM gone;
          IF removed > 0 THEN
            PERFORM pg_notify('${OUTBOX_CHANNEL}', '');
          END IF;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`DROP TRIGGER outbox_notify ON outbox`);
    await q.query(`CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify_if_waited_for()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER outbox_notify ON outbox`);
    await q.query(`CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);
    await q.query(`DROP FUNCTION outbox_notify_if_waited_for()`);
    await q.query(`DROP TABLE outbox_waiting_relay`);
  }
}
