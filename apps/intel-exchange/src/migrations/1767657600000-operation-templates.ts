import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Operation templates: a coordinating organisation's reusable set-up of a joint operation (commodity focus, the
 * Members usually admitted, the report fields its operations require), from which new operations are created.
 * Templates belong to the organisation (`member`, the coordinator's `wco_member`) and are seen by its coordinators
 * only; `version` guards edits (a stale one is 409). Names are unique per organisation, case-insensitively.
 */
export class OperationTemplates1767657600000 implements MigrationInterface {
  name = 'OperationTemplates1767657600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE operation_template (
        id uuid PRIMARY KEY,
        member varchar(3) NOT NULL,
        name varchar(200) NOT NULL,
        description varchar(1000),
        commodity_focus text[] NOT NULL,
        participants text[] NOT NULL,
        required_fields text[] NOT NULL,
        version integer NOT NULL,
        created_by varchar(255) NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX operation_template_name_idx ON operation_template (member, lower(name))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE operation_template`);
  }
}
