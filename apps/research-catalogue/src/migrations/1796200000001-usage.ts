import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Usage statistics without personal data: counts per version, month and kind; double-click detection keyed by a
 * hash of (daily random salt, client address, user agent, version, kind) that is kept for a day at most, and the
 * salt itself deleted after its day, so no stored value can be linked back to a client.
 */
export class Usage1796200000001 implements MigrationInterface {
  name = 'Usage1796200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE usage_count (
        version_id uuid NOT NULL REFERENCES publication_version (id),
        month char(7) NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('view', 'download')),
        n bigint NOT NULL,
        PRIMARY KEY (version_id, month, kind)
      )`);
    await q.query(`CREATE TABLE usage_click (key char(64) PRIMARY KEY, at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX usage_click_at_idx ON usage_click (at)`);
    await q.query(`CREATE TABLE usage_salt (day date PRIMARY KEY, salt bytea NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE usage_salt, usage_click, usage_count`);
  }
}
