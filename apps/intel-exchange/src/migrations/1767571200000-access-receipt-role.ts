import { MigrationInterface, QueryRunner } from 'typeorm';

/** Receipts record the role the read was allowed through (also on the audit stream); older receipts have none. */
export class AccessReceiptRole1767571200000 implements MigrationInterface {
  name = 'AccessReceiptRole1767571200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access_receipt ADD COLUMN accessor_role varchar(32)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access_receipt DROP COLUMN accessor_role`);
  }
}
