import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fiscal years, budget versions and lines, the chart of accounts, the double-entry journal and commitments.
 * Amounts are EUR integer cents in bigint columns; the CHECKs repeat the service's rules so that no code path can
 * store an unbalanced entry or an overspent line. A later change is a new migration file, never an edit of this one.
 */
export class BudgetLedgerSchema1796155350402 implements MigrationInterface {
  name = 'BudgetLedgerSchema1796155350402';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE fiscal_year (
        year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2200),
        status varchar(16) NOT NULL CHECK (status IN ('planning', 'open', 'closing', 'closed')),
        created_by varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        opened_at timestamptz,
        closing_at timestamptz,
        closed_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE budget_version (
        id uuid PRIMARY KEY,
        fiscal_year integer NOT NULL REFERENCES fiscal_year (year),
        number integer NOT NULL CHECK (number >= 1),
        title varchar(200) NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('draft', 'submitted', 'accepted', 'superseded')),
        request_hash char(64) NOT NULL,
        created_by varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        submitted_by varchar(255),
        submitted_at timestamptz,
        accepted_by varchar(255),
        accepted_at timestamptz,
        superseded_by uuid REFERENCES budget_version (id),
        UNIQUE (fiscal_year, number)
      )`);
    await q.query(`CREATE UNIQUE INDEX budget_version_one_accepted ON budget_version (fiscal_year) WHERE status = 'accepted'`);
    await q.query(`
      CREATE TABLE budget_version_line (
        version_id uuid NOT NULL REFERENCES budget_version (id),
        code varchar(12) NOT NULL,
        title varchar(200) NOT NULL,
        programme varchar(8) NOT NULL,
        appropriation_cents bigint NOT NULL CHECK (appropriation_cents >= 0),
        PRIMARY KEY (version_id, code)
      )`);
    // The line of a year as the accepted versions made it, with its running counters: the row reservations lock.
    await q.query(`
      CREATE TABLE budget_line (
        id uuid PRIMARY KEY,
        fiscal_year integer NOT NULL REFERENCES fiscal_year (year),
        code varchar(12) NOT NULL,
        chapter varchar(2) NOT NULL,
        article varchar(3) NOT NULL,
        line varchar(4) NOT NULL,
        title varchar(200) NOT NULL,
        programme varchar(8) NOT NULL,
        original_cents bigint NOT NULL CHECK (original_cents >= 0),
        final_cents bigint NOT NULL CHECK (final_cents >= 0),
        committed_cents bigint NOT NULL DEFAULT 0 CHECK (committed_cents >= 0),
        obligated_cents bigint NOT NULL DEFAULT 0 CHECK (obligated_cents >= 0),
        spent_cents bigint NOT NULL DEFAULT 0,
        CHECK (committed_cents + spent_cents <= final_cents),
        UNIQUE (fiscal_year, code)
      )`);
    await q.query(`
      CREATE TABLE account (
        code varchar(8) PRIMARY KEY,
        name varchar(200) NOT NULL,
        type varchar(16) NOT NULL CHECK (type IN ('asset', 'liability', 'net_assets', 'revenue', 'expense'))
      )`);
    await q.query(`
      INSERT INTO account (code, name, type) VALUES
        ('1000', 'Cash at bank', 'asset'),
        ('1100', 'Contributions receivable', 'asset'),
        ('2000', 'Accounts payable', 'liability'),
        ('3000', 'Accumulated surplus', 'net_assets'),
        ('4000', 'Member contributions', 'revenue'),
        ('4100', 'Other revenue', 'revenue'),
        ('6000', 'Programme expenses', 'expense'),
        ('6100', 'Staff costs', 'expense')`);
    await q.query(`
      CREATE TABLE journal_entry (
        id uuid PRIMARY KEY,
        seq bigserial UNIQUE,
        fiscal_year integer NOT NULL REFERENCES fiscal_year (year),
        kind varchar(16) NOT NULL CHECK (kind IN ('standard', 'reversal', 'adjusting', 'commitment')),
        reverses uuid UNIQUE REFERENCES journal_entry (id),
        corrects uuid REFERENCES journal_entry (id),
        description varchar(500) NOT NULL,
        request_hash char(64) NOT NULL,
        created_by varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE posting (
        entry_id uuid NOT NULL REFERENCES journal_entry (id),
        n smallint NOT NULL,
        account_code varchar(8) NOT NULL REFERENCES account (code),
        line_id uuid REFERENCES budget_line (id),
        amount_cents bigint NOT NULL CHECK (amount_cents <> 0),
        PRIMARY KEY (entry_id, n)
      )`);
    await q.query(`CREATE INDEX posting_line_idx ON posting (line_id) WHERE line_id IS NOT NULL`);
    // Entries are immutable: the database refuses an update or delete of an entry or a posting, whoever asks.
    await q.query(`
      CREATE FUNCTION journal_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'journal entries are immutable: post a reversal instead' USING ERRCODE = 'P0001'; END $$`);
    await q.query(
      `CREATE TRIGGER journal_entry_immutable BEFORE UPDATE OR DELETE ON journal_entry FOR EACH ROW EXECUTE FUNCTION journal_immutable()`,
    );
    await q.query(`CREATE TRIGGER posting_immutable BEFORE UPDATE OR DELETE ON posting FOR EACH ROW EXECUTE FUNCTION journal_immutable()`);
    await q.query(`
      CREATE TABLE commitment (
        id uuid PRIMARY KEY,
        line_id uuid NOT NULL REFERENCES budget_line (id),
        fiscal_year integer NOT NULL REFERENCES fiscal_year (year),
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        status varchar(16) NOT NULL CHECK (status IN ('pending', 'posted', 'voided', 'expired')),
        posted_cents bigint NOT NULL DEFAULT 0 CHECK (posted_cents >= 0 AND posted_cents <= amount_cents),
        released_cents bigint NOT NULL DEFAULT 0 CHECK (released_cents >= 0),
        description varchar(500) NOT NULL,
        mission_id uuid UNIQUE,
        request_hash char(64) NOT NULL,
        settle_hash char(64),
        entry_id uuid REFERENCES journal_entry (id),
        created_by varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        settled_at timestamptz
      )`);
    await q.query(`CREATE INDEX commitment_pending_idx ON commitment (fiscal_year) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE commitment, posting, journal_entry, account, budget_line, budget_version_line, budget_version, fiscal_year`);
    await q.query(`DROP FUNCTION journal_immutable()`);
  }
}
