import { MigrationInterface, QueryRunner } from 'typeorm';

/** budget-audit's first tables. A later change is a new migration file, never an edit of this one. */
export class BudgetAuditSchema1796155350402 implements MigrationInterface {
  name = 'BudgetAuditSchema1796155350402';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "ledger" (
        id uuid PRIMARY KEY,
        owner_member varchar(3) NOT NULL,
        created_by varchar(255) NOT NULL,
        title varchar(200) NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ledger_owner_idx ON "ledger" (owner_member, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "ledger"`);
  }
}
