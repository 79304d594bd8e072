import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit plan and follow-up: annual plans (versioned, locked once submitted), their engagements, findings,
 * recommendations with management's action plans, and one history of every change (status, due date, action plan,
 * overdue episode: who, when, why).
 * History rows and action plans are append-only (a trigger refuses UPDATE and DELETE), like the ledger.
 */
export class AuditPlan1796155600000 implements MigrationInterface {
  name = 'AuditPlan1796155600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_plan (
        id uuid PRIMARY KEY,
        fiscal_year integer NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2200),
        version integer NOT NULL CHECK (version >= 1),
        title varchar(200) NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('draft', 'submitted', 'agreed', 'superseded')),
        request_hash char(64) NOT NULL,
        created_by varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        agreed_by varchar(255),
        agreed_at timestamptz,
        superseded_by uuid REFERENCES audit_plan (id),
        UNIQUE (fiscal_year, version)
      )`);
    // One plan in force per year.
    await q.query(`CREATE UNIQUE INDEX audit_plan_agreed_per_year ON audit_plan (fiscal_year) WHERE status = 'agreed'`);
    await q.query(`CREATE INDEX audit_plan_list ON audit_plan (created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE audit_engagement (
        id uuid PRIMARY KEY,
        plan_id uuid NOT NULL REFERENCES audit_plan (id),
        fiscal_year integer NOT NULL,
        title varchar(200) NOT NULL,
        scope varchar(4000) NOT NULL,
        lead_auditor varchar(64) NOT NULL,
        planned_start date NOT NULL,
        planned_end date NOT NULL,
        status varchar(24) NOT NULL CHECK (status IN ('planned', 'fieldwork', 'draft_report', 'management_response', 'final_report')),
        request_hash char(64) NOT NULL,
        created_by varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (planned_end >= planned_start)
      )`);
    await q.query(`CREATE INDEX audit_engagement_list ON audit_engagement (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_engagement_plan ON audit_engagement (plan_id)`);

    await q.query(`
      CREATE TABLE audit_finding (
        id uuid PRIMARY KEY,
        engagement_id uuid NOT NULL REFERENCES audit_engagement (id),
        title varchar(200) NOT NULL,
        description varchar(8000) NOT NULL,
        severity varchar(8) NOT NULL CHECK (severity IN ('high', 'medium', 'low')),
        request_hash char(64) NOT NULL,
        created_by varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audit_finding_list ON audit_finding (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_finding_engagement ON audit_finding (engagement_id)`);

    await q.query(`
      CREATE TABLE audit_recommendation (
        id uuid PRIMARY KEY,
        finding_id uuid NOT NULL REFERENCES audit_finding (id),
        text varchar(4000) NOT NULL,
        priority varchar(8) NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
        owner varchar(64) NOT NULL,
        due_date date NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('open', 'in_progress', 'implemented', 'closed', 'risk_accepted')),
        risk_acceptance text,
        -- The follow-up job's state: overdue_open is true from the episode's event until the episode ends.
        overdue_open boolean NOT NULL DEFAULT false,
        overdue_episodes integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (status <> 'risk_accepted' OR length(risk_acceptance) > 0)
      )`);
    await q.query(`CREATE INDEX audit_recommendation_list ON audit_recommendation (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_recommendation_finding ON audit_recommendation (finding_id)`);
    await q.query(
      `CREATE INDEX audit_recommendation_due ON audit_recommendation (due_date) WHERE status IN ('open', 'in_progress') AND NOT overdue_open`,
    );

    await q.query(`
      CREATE TABLE audit_action_plan (
        recommendation_id uuid NOT NULL REFERENCES audit_recommendation (id),
        version integer NOT NULL CHECK (version >= 1),
        actions varchar(4000) NOT NULL,
        target_date date NOT NULL,
        submitted_by varchar(255) NOT NULL,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (recommendation_id, version)
      )`);

    await q.query(`
      CREATE TABLE audit_history (
        id bigserial PRIMARY KEY,
        subject_kind varchar(16) NOT NULL CHECK (subject_kind IN ('plan', 'engagement', 'recommendation')),
        subject_id uuid NOT NULL,
        change varchar(16) NOT NULL CHECK (change IN ('created', 'status', 'due_date', 'action_plan', 'overdue')),
        from_value varchar(24),
        to_value varchar(24) NOT NULL,
        changed_by varchar(255) NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        reason varchar(4000)
      )`);
    await q.query(`CREATE INDEX audit_history_subject ON audit_history (subject_id, id)`);

    await q.query(`
      CREATE FUNCTION audit_work_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
      END $$`);
    for (const table of ['audit_history', 'audit_action_plan']) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_work_append_only()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_history, audit_action_plan, audit_recommendation, audit_finding, audit_engagement, audit_plan`);
    await q.query(`DROP FUNCTION audit_work_append_only()`);
  }
}
