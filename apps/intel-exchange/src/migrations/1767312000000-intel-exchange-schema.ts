import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole intel-exchange schema. Personal data lives in its own schema (`restricted`) so that it can be granted,
 * backed up and purged apart from the non-personal intelligence.
 */
export class IntelExchangeSchema1767312000000 implements MigrationInterface {
  name = 'IntelExchangeSchema1767312000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS restricted`);

    await q.query(`
      CREATE TABLE operation (
        id uuid PRIMARY KEY,
        name varchar(200) NOT NULL,
        commodity_focus text[] NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        state varchar(16) NOT NULL CHECK (state IN ('planned', 'active', 'closed', 'archived')),
        coordinator_member varchar(3) NOT NULL,
        coordinator_subject varchar(255) NOT NULL,
        required_fields text[] NOT NULL DEFAULT '{}',
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_on >= starts_on)
      )`);
    await q.query(`CREATE INDEX operations_coordinator_idx ON operation (coordinator_member)`);
    await q.query(`
      CREATE TABLE operation_participant (
        operation_id uuid NOT NULL REFERENCES operation(id) ON DELETE CASCADE,
        member varchar(3) NOT NULL,
        admitted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (operation_id, member)
      )`);
    await q.query(`CREATE INDEX operation_participants_member_idx ON operation_participant (member, operation_id)`);

    // The current projection of each report: one row, the filter columns of its latest version.
    await q.query(`
      CREATE TABLE report (
        id uuid PRIMARY KEY,
        current_version integer NOT NULL,
        originator_member varchar(3) NOT NULL,
        submitted_by varchar(255) NOT NULL,
        type varchar(32) NOT NULL,
        commodity_categories text[] NOT NULL,
        hs_codes text[] NOT NULL DEFAULT '{}',
        hs_chapters text[] NOT NULL DEFAULT '{}',
        hs_headings text[] NOT NULL DEFAULT '{}',
        detected_at timestamptz NOT NULL,
        route_countries text[] NOT NULL DEFAULT '{}',
        concealment varchar(64),
        detection varchar(64),
        tlp varchar(16) NOT NULL,
        distribution_level varchar(32) NOT NULL,
        distribution_members text[] NOT NULL DEFAULT '{}',
        operation_id uuid REFERENCES operation(id),
        personal_data_released_to text[] NOT NULL DEFAULT '{}',
        retention_until date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        purged_at timestamptz
      )`);
    await q.query(`CREATE INDEX reports_listing_idx ON report (detected_at DESC, id DESC)`);
    await q.query(`CREATE INDEX reports_originator_idx ON report (originator_member)`);
    await q.query(`CREATE INDEX reports_operation_idx ON report (operation_id) WHERE operation_id IS NOT NULL`);
    await q.query(`CREATE INDEX reports_type_idx ON report (type)`);
    await q.query(`CREATE INDEX reports_commodities_gin ON report USING gin (commodity_categories)`);
    await q.query(`CREATE INDEX reports_hs_chapters_gin ON report USING gin (hs_chapters)`);
    await q.query(`CREATE INDEX reports_hs_headings_gin ON report USING gin (hs_headings)`);
    await q.query(`CREATE INDEX reports_route_countries_gin ON report USING gin (route_countries)`);
    await q.query(`CREATE INDEX reports_distribution_members_gin ON report USING gin (distribution_members)`);
    await q.query(`CREATE INDEX reports_retention_idx ON report (retention_until) WHERE purged_at IS NULL`);

    // Every version's non-personal content; a purge empties the free text and keeps the tombstone.
    await q.query(`
      CREATE TABLE report_version (
        report_id uuid NOT NULL REFERENCES report(id) ON DELETE CASCADE,
        version integer NOT NULL,
        content jsonb NOT NULL,
        submitted_by varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        correction_id uuid,
        PRIMARY KEY (report_id, version)
      )`);

    await q.query(`
      CREATE TABLE restricted.report_personal_data (
        report_id uuid NOT NULL REFERENCES report(id) ON DELETE CASCADE,
        version integer NOT NULL,
        personal_data jsonb NOT NULL,
        PRIMARY KEY (report_id, version)
      )`);

    await q.query(`
      CREATE TABLE report_correction (
        id uuid PRIMARY KEY,
        report_id uuid NOT NULL REFERENCES report(id) ON DELETE CASCADE,
        base_version integer NOT NULL,
        proposed_by_member varchar(3) NOT NULL,
        proposed_by_subject varchar(255) NOT NULL,
        changes jsonb NOT NULL,
        comment text,
        status varchar(16) NOT NULL CHECK (status IN ('proposed', 'accepted', 'rejected')),
        decided_at timestamptz,
        decided_by varchar(255),
        decision_reason text,
        resulting_version integer,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX report_corrections_report_idx ON report_correction (report_id, created_at)`);

    // Indicators carry hashes, never the values' free text; the hash is what matching looks up.
    await q.query(`
      CREATE TABLE report_indicator (
        report_id uuid NOT NULL REFERENCES report(id) ON DELETE CASCADE,
        hash varchar(64) NOT NULL,
        kind varchar(48) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (report_id, hash)
      )`);
    await q.query(`CREATE INDEX report_indicators_hash_idx ON report_indicator (hash, report_id)`);
    await q.query(`
      CREATE TABLE indicator_count (
        hash varchar(64) PRIMARY KEY,
        kind varchar(48) NOT NULL,
        display_value varchar(200) NOT NULL,
        report_count integer NOT NULL CHECK (report_count >= 0),
        ubiquitous_since timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX indicator_counts_ubiquitous_idx ON indicator_count (ubiquitous_since) WHERE ubiquitous_since IS NOT NULL`);

    // report_a is the lower id of the pair, so a pair is stored once whatever the submission order.
    await q.query(`
      CREATE TABLE report_match (
        id uuid PRIMARY KEY,
        report_a uuid NOT NULL REFERENCES report(id) ON DELETE CASCADE,
        report_b uuid NOT NULL REFERENCES report(id) ON DELETE CASCADE,
        member_a varchar(3) NOT NULL,
        member_b varchar(3) NOT NULL,
        indicator_kinds text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (report_a < report_b),
        UNIQUE (report_a, report_b)
      )`);
    await q.query(`CREATE INDEX matches_report_b_idx ON report_match (report_b)`);
    await q.query(`CREATE INDEX matches_member_a_idx ON report_match (member_a, created_at DESC)`);
    await q.query(`CREATE INDEX matches_member_b_idx ON report_match (member_b, created_at DESC)`);

    await q.query(`
      CREATE TABLE feedback (
        id uuid PRIMARY KEY,
        report_id uuid NOT NULL REFERENCES report(id) ON DELETE CASCADE,
        match_id uuid REFERENCES report_match(id) ON DELETE CASCADE,
        member varchar(3) NOT NULL,
        subject varchar(255),
        outcome varchar(32) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX feedback_report_idx ON feedback (report_id, created_at)`);
    await q.query(`CREATE INDEX feedback_match_idx ON feedback (match_id) WHERE match_id IS NOT NULL`);

    // Receipts outlive the report they are about: no foreign key, so a purge never erases who read what.
    await q.query(`
      CREATE TABLE access_receipt (
        id uuid PRIMARY KEY,
        report_id uuid NOT NULL,
        report_version integer NOT NULL,
        accessor_member varchar(3) NOT NULL,
        accessor_subject varchar(255) NOT NULL,
        access_kind varchar(16) NOT NULL,
        accessed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX access_receipts_report_idx ON access_receipt (report_id, accessed_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'access_receipt',
      'feedback',
      'report_match',
      'indicator_count',
      'report_indicator',
      'report_correction',
      'restricted.report_personal_data',
      'report_version',
      'report',
      'operation_participant',
      'operation',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP SCHEMA IF EXISTS restricted`);
  }
}
