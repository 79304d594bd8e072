import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Import jobs: a large import is received whole (NDJSON or JSON, streamed into `import_job_item` in the request's
 * transaction, so a broken upload leaves nothing), then worked through in chunks by any instance.
 * - `import_job`: who submitted it (the subject, Member and roles of the token: the job runs with them; no name), its
 *   state and counters, and `lease_until`, the claim of the instance working a chunk (FOR UPDATE SKIP LOCKED; a crash
 *   leaves the chunk to another instance once the lease has passed). `next_run_at` orders the jobs round-robin, so a
 *   large job does not hold a small one back.
 * - `import_job_item`: one row per item in its position; `payload` is the item as sent until it has been worked
 *   (then NULL), `status` NULL until then; a failed item keeps its problem code and field errors.
 * - `created_at` is kept to the millisecond, as the (created_at, id) cursor of the job list carries it.
 */
export class ImportJobs1796200000006 implements MigrationInterface {
  name = 'ImportJobs1796200000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE import_job (
        id uuid PRIMARY KEY,
        created_by varchar(255) NOT NULL,
        member varchar(8) NOT NULL,
        roles text[] NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'cancelled')),
        total integer NOT NULL CHECK (total >= 0),
        processed integer NOT NULL DEFAULT 0,
        created integer NOT NULL DEFAULT 0,
        unchanged integer NOT NULL DEFAULT 0,
        failed integer NOT NULL DEFAULT 0,
        content_sha256 char(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        started_at timestamptz,
        finished_at timestamptz,
        cancelled_by varchar(255),
        next_run_at timestamptz NOT NULL DEFAULT now(),
        lease_until timestamptz,
        CHECK (processed = created + unchanged + failed AND processed <= total)
      )`);
    await q.query(`CREATE INDEX import_job_due_idx ON import_job (next_run_at) WHERE status IN ('queued', 'running')`);
    await q.query(`CREATE INDEX import_job_created_idx ON import_job (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX import_job_finished_idx ON import_job (finished_at) WHERE finished_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE import_job_item (
        job_id uuid NOT NULL REFERENCES import_job (id) ON DELETE CASCADE,
        position integer NOT NULL,
        external_id varchar(255),
        payload jsonb,
        status varchar(16) CHECK (status IN ('created', 'unchanged', 'failed')),
        publication_id uuid,
        code varchar(64),
        errors jsonb,
        PRIMARY KEY (job_id, position),
        CHECK ((status IS NULL) = (payload IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX import_job_item_pending_idx ON import_job_item (job_id, position) WHERE status IS NULL`);
    await q.query(`CREATE INDEX import_job_item_failed_idx ON import_job_item (job_id, position) WHERE status = 'failed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE import_job_item`);
    await q.query(`DROP TABLE import_job`);
  }
}
