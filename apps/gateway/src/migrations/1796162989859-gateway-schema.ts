import { MigrationInterface, QueryRunner } from 'typeorm';

/** gateway's first tables. A later change is a new migration file, never an edit of this one. */
export class GatewaySchema1796162989859 implements MigrationInterface {
  name = 'GatewaySchema1796162989859';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "webhook" (
        id uuid PRIMARY KEY,
        owner_member varchar(3) NOT NULL,
        created_by varchar(255) NOT NULL,
        title varchar(200) NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX webhook_owner_idx ON "webhook" (owner_member, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "webhook"`);
  }
}
