import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The chart of accounts managed through the API: an account is `active` or `inactive` (no new postings, its entries
 * stay readable), and says who created or deactivated it. The seeded accounts are active, created by the migration.
 */
export class AccountStatus1796155700000 implements MigrationInterface {
  name = 'AccountStatus1796155700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE account
        ADD COLUMN status varchar(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
        ADD COLUMN created_by varchar(255) NOT NULL DEFAULT 'migration',
        ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN deactivated_by varchar(255),
        ADD COLUMN deactivated_at timestamptz,
        ADD CHECK ((status = 'inactive') = (deactivated_at IS NOT NULL))`);
    await q.query(`ALTER TABLE account ALTER COLUMN created_by DROP DEFAULT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE account DROP COLUMN deactivated_at, DROP COLUMN deactivated_by, DROP COLUMN created_at, DROP COLUMN created_by, DROP COLUMN status`,
    );
  }
}
