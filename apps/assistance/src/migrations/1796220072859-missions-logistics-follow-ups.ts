import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Missions get a logistics status, a history of their changes and the bookkeeping of the automatic funding
 * re-requests (attempts, when the next one is due, when they stopped and the mission was marked funding overdue);
 * follow-up visits asked for by an evaluation become records of their own.
 */
export class MissionsLogisticsFollowUps1796220072859 implements MigrationInterface {
  name = 'MissionsLogisticsFollowUps1796220072859';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE mission
        ADD COLUMN logistics_status varchar(32) NOT NULL DEFAULT 'not_started',
        ADD COLUMN funding_attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN funding_next_attempt_at timestamptz,
        ADD COLUMN funding_overdue_at timestamptz`);
    // Requests already waiting count as their first attempt, due for the scheduler's look now.
    await q.query(
      `UPDATE mission SET funding_attempts = 1, funding_next_attempt_at = funding_requested_at WHERE funding_requested_at IS NOT NULL`,
    );
    await q.query(`CREATE INDEX mission_funding_due_idx ON mission (funding_next_attempt_at) WHERE funding_status = 'pending'`);
    await q.query(`
      CREATE TABLE mission_history (
        id bigserial PRIMARY KEY,
        mission_id uuid NOT NULL REFERENCES mission(id) ON DELETE CASCADE,
        change varchar(32) NOT NULL,
        from_value varchar(32),
        to_value varchar(32),
        actor varchar(255) NOT NULL,
        actor_member varchar(3) NOT NULL,
        reason text,
        version integer NOT NULL,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX mission_history_mission_idx ON mission_history (mission_id, id)`);
    await q.query(`
      CREATE TABLE follow_up_visit (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES assistance_request(id) ON DELETE CASCADE,
        mission_id uuid REFERENCES mission(id),
        member varchar(3) NOT NULL,
        planned_date date NOT NULL,
        purpose text NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('planned', 'done', 'cancelled')),
        outcome text,
        reason text,
        created_by varchar(255) NOT NULL,
        closed_by varchar(255),
        closed_at timestamptz,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (status <> 'done' OR outcome IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX follow_up_visit_request_idx ON follow_up_visit (request_id)`);
    await q.query(`CREATE INDEX follow_up_visit_member_idx ON follow_up_visit (member, planned_date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS follow_up_visit`);
    await q.query(`DROP TABLE IF EXISTS mission_history`);
    await q.query(`DROP INDEX IF EXISTS mission_funding_due_idx`);
    await q.query(`
      ALTER TABLE mission DROP COLUMN logistics_status, DROP COLUMN funding_attempts, DROP COLUMN funding_next_attempt_at,
        DROP COLUMN funding_overdue_at`);
  }
}
