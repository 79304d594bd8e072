import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Text extraction leaves the upload request:
 * - `file_content.text_status` may be `pending` (stored, its text not extracted yet);
 * - `file_text_job`: the queue of contents whose text is to be extracted, claimed with FOR UPDATE SKIP LOCKED by any
 *   instance; `attempts` counts the claims (a crash mid-job is claimed again once `run_after` passes, up to a cap),
 *   `last_error` keeps why the last attempt did not finish.
 * - `file_content_orphan_idx`: the orphan sweep reads uploads by age.
 */
export class FileTextJobs1796200000005 implements MigrationInterface {
  name = 'FileTextJobs1796200000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE file_content DROP CONSTRAINT file_content_text_status_check`);
    await q.query(
      `ALTER TABLE file_content ADD CONSTRAINT file_content_text_status_check CHECK (text_status IN ('pending', 'extracted', 'skipped', 'failed'))`,
    );
    await q.query(`
      CREATE TABLE file_text_job (
        sha256 char(64) NOT NULL,
        media_type varchar(255) NOT NULL,
        charset varchar(64),
        attempts integer NOT NULL DEFAULT 0,
        run_after timestamptz NOT NULL,
        last_error text,
        PRIMARY KEY (sha256, media_type),
        FOREIGN KEY (sha256, media_type) REFERENCES file_content (sha256, media_type) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX file_text_job_due_idx ON file_text_job (run_after)`);
    await q.query(`CREATE INDEX file_content_created_idx ON file_content (created_at)`);
    await q.query(`CREATE INDEX publication_file_sha256_idx ON publication_file (sha256, media_type)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX publication_file_sha256_idx`);
    await q.query(`DROP INDEX file_content_created_idx`);
    await q.query(`DROP TABLE file_text_job`);
    await q.query(`UPDATE file_content SET text_status = 'skipped', text_note = 'text extraction never ran' WHERE text_status = 'pending'`);
    await q.query(`ALTER TABLE file_content DROP CONSTRAINT file_content_text_status_check`);
    await q.query(
      `ALTER TABLE file_content ADD CONSTRAINT file_content_text_status_check CHECK (text_status IN ('extracted', 'skipped', 'failed'))`,
    );
  }
}
