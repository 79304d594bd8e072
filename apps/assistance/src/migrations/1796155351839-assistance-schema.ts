import { MigrationInterface, QueryRunner } from 'typeorm';

/** assistance's first tables. A later change is a new migration file, never an edit of this one. */
export class AssistanceSchema1796155351839 implements MigrationInterface {
  name = 'AssistanceSchema1796155351839';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "mission" (
        id uuid PRIMARY KEY,
        owner_member varchar(3) NOT NULL,
        created_by varchar(255) NOT NULL,
        title varchar(200) NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX mission_owner_idx ON "mission" (owner_member, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "mission"`);
  }
}
