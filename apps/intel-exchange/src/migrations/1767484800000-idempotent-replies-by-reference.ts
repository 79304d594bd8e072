import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stored answers of `POST /reports` used to be the whole report view, personal-data section included, in the public
 * schema where retention never reached. They become the reference the service now stores (report id and version);
 * a retry rebuilds the answer from the report itself.
 */
export class IdempotentRepliesByReference1767484800000 implements MigrationInterface {
  name = 'IdempotentRepliesByReference1767484800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE idempotency_key
          SET response_body = jsonb_build_object('reportId', response_body->'id', 'version', response_body->'version')
        WHERE scope LIKE 'intel-exchange:POST /reports:%' AND response_body ? 'id'`,
    );
  }

  async down(): Promise<void> {
    // The views are not rebuilt: the old code cannot read a reference, but nothing personal is brought back either.
  }
}
