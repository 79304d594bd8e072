import { MigrationInterface, QueryRunner } from 'typeorm';

/** Transfers between budget lines of a year (virements), applied at once or after the Finance Committee's approval. */
export class Virements1796155350404 implements MigrationInterface {
  name = 'Virements1796155350404';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE virement (
        id uuid PRIMARY KEY,
        fiscal_year integer NOT NULL REFERENCES fiscal_year (year),
        from_line_id uuid NOT NULL REFERENCES budget_line (id),
        to_line_id uuid NOT NULL REFERENCES budget_line (id),
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        reason varchar(500) NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('pending', 'applied')),
        request_hash char(64) NOT NULL,
        requested_by varchar(255) NOT NULL,
        approved_by varchar(255),
        created_at timestamptz NOT NULL DEFAULT now(),
        applied_at timestamptz,
        CHECK (from_line_id <> to_line_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE virement`);
  }
}
