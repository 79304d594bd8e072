import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * assistance's schema. Personal data (request contacts, expert names and e-mail addresses) lives in the schema
 * `restricted`, so it can be granted, backed up and purged apart from the rest; no other table, event or log line
 * holds it. A later change is a new migration file, never an edit of this one.
 */
export class AssistanceSchema1796155351839 implements MigrationInterface {
  name = 'AssistanceSchema1796155351839';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS restricted`);
    await q.query(`
      CREATE TABLE assistance_request (
        id uuid PRIMARY KEY,
        member varchar(3) NOT NULL,
        created_by varchar(255) NOT NULL,
        kind varchar(32) NOT NULL,
        thematic_area varchar(64) NOT NULL,
        title varchar(200) NOT NULL,
        objectives text NOT NULL,
        need_source varchar(32) NOT NULL,
        need_description text NOT NULL,
        need_reference varchar(200),
        need_baseline varchar(200),
        period_start date NOT NULL,
        period_end date NOT NULL,
        language varchar(2) NOT NULL,
        priority varchar(16) NOT NULL,
        state varchar(32) NOT NULL,
        held_from varchar(32),
        duplicate_of uuid REFERENCES assistance_request(id),
        needs_assessment jsonb,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (period_end >= period_start)
      )`);
    await q.query(`CREATE INDEX assistance_request_member_idx ON assistance_request (member, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX assistance_request_created_idx ON assistance_request (created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE restricted.request_contact (
        request_id uuid PRIMARY KEY REFERENCES assistance_request(id) ON DELETE CASCADE,
        name varchar(200) NOT NULL,
        email varchar(254) NOT NULL,
        phone varchar(40)
      )`);
    await q.query(`
      CREATE TABLE request_transition (
        id bigserial PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES assistance_request(id) ON DELETE CASCADE,
        from_state varchar(32),
        to_state varchar(32) NOT NULL,
        actor varchar(255) NOT NULL,
        actor_member varchar(3) NOT NULL,
        reason text,
        version integer NOT NULL,
        at timestamptz NOT NULL,
        UNIQUE (request_id, version)
      )`);
    await q.query(`
      CREATE TABLE expert (
        id uuid PRIMARY KEY,
        subject varchar(255) NOT NULL UNIQUE,
        member varchar(3) NOT NULL,
        languages varchar(2)[] NOT NULL,
        thematic_areas varchar(64)[] NOT NULL,
        accreditation_programme varchar(100) NOT NULL,
        accredited_on date NOT NULL,
        accredited_until date NOT NULL,
        active boolean NOT NULL DEFAULT true,
        calendar_token_hash char(64) UNIQUE,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX expert_areas_idx ON expert USING gin (thematic_areas)`);
    await q.query(`CREATE INDEX expert_languages_idx ON expert USING gin (languages)`);
    await q.query(`
      CREATE TABLE restricted.expert_contact (
        expert_id uuid PRIMARY KEY REFERENCES expert(id) ON DELETE CASCADE,
        full_name varchar(200) NOT NULL,
        email varchar(254) NOT NULL
      )`);
    await q.query(`
      CREATE TABLE mission (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES assistance_request(id),
        member varchar(3) NOT NULL,
        kind varchar(32) NOT NULL,
        thematic_area varchar(64) NOT NULL,
        title varchar(200) NOT NULL,
        start_date date NOT NULL,
        end_date date NOT NULL,
        location varchar(200) NOT NULL,
        language varchar(2) NOT NULL,
        travel_cents bigint NOT NULL,
        subsistence_cents bigint NOT NULL,
        fees_cents bigint NOT NULL,
        budget_line varchar(64) NOT NULL,
        fiscal_year integer NOT NULL,
        state varchar(32) NOT NULL,
        funding_status varchar(32) NOT NULL,
        funding_reason varchar(64),
        funding_requested_at timestamptz,
        actual_cents bigint,
        report jsonb,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (end_date >= start_date)
      )`);
    await q.query(`CREATE INDEX mission_request_idx ON mission (request_id)`);
    await q.query(`
      CREATE TABLE mission_expert (
        mission_id uuid NOT NULL REFERENCES mission(id) ON DELETE CASCADE,
        expert_id uuid NOT NULL REFERENCES expert(id),
        assigned_by varchar(255) NOT NULL,
        assigned_at timestamptz NOT NULL,
        PRIMARY KEY (mission_id, expert_id)
      )`);
    await q.query(`CREATE INDEX mission_expert_expert_idx ON mission_expert (expert_id)`);
    await q.query(`
      CREATE TABLE evaluation (
        request_id uuid PRIMARY KEY REFERENCES assistance_request(id) ON DELETE CASCADE,
        criteria jsonb NOT NULL,
        satisfaction integer NOT NULL,
        follow_up_needed boolean NOT NULL,
        indicators jsonb NOT NULL DEFAULT '[]',
        evaluated_by varchar(255) NOT NULL,
        evaluated_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'evaluation',
      'mission_expert',
      'mission',
      'restricted.expert_contact',
      'expert',
      'request_transition',
      'restricted.request_contact',
      'assistance_request',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`DROP SCHEMA IF EXISTS restricted`);
  }
}
