import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Body text of files, access changes after creation, subscriptions to series and languages.
 *
 * - `file_content`: one row per stored content (SHA-256) and media type: its size, what text extraction gave
 *   (`extracted`, `skipped` or `failed`, with the reason in `text_note`) and the text itself (capped). Written at
 *   upload (streamed `PUT /uploads/:name`, or a base64 file of a version body); a version's files refer to it.
 * - `publication_file.language`: the language of a file's text (its tsvector configuration), the original title's
 *   language unless the version says otherwise.
 * - `publication.harvested_version`: the version harvesters last saw (null: never harvestable). A record that
 *   stops being public or goes back under embargo stays in OAI-PMH lists as deleted, with that version's header.
 * - `publication_access_change`: who changed a publication's access, when, why, from what to what.
 * - `subscription` replaces `topic_subscription`: a user follows topics, series or languages.
 */
export class FileTextAccessSubscriptions1796200000003 implements MigrationInterface {
  name = 'FileTextAccessSubscriptions1796200000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE file_content (
        sha256 char(64) NOT NULL,
        media_type varchar(255) NOT NULL,
        size bigint NOT NULL,
        text_status varchar(16) NOT NULL CHECK (text_status IN ('extracted', 'skipped', 'failed')),
        text_note text,
        body text,
        uploaded_by varchar(255) NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (sha256, media_type),
        CHECK ((text_status = 'extracted') = (body IS NOT NULL))
      )`);
    await q.query(`ALTER TABLE publication_file ADD COLUMN language varchar(2)`);
    await q.query(`ALTER TABLE publication ADD COLUMN harvested_version integer`);
    await q.query(`UPDATE publication SET harvested_version = latest_version WHERE access = 'public' AND NOT embargoed`);
    await q.query(`CREATE INDEX publication_harvested_idx ON publication (updated_at, id) WHERE harvested_version IS NOT NULL`);
    await q.query(`
      CREATE TABLE publication_access_change (
        id uuid PRIMARY KEY,
        publication_id uuid NOT NULL REFERENCES publication (id),
        changed_by varchar(255) NOT NULL,
        changed_at timestamptz NOT NULL,
        reason text NOT NULL,
        before jsonb NOT NULL,
        after jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX publication_access_change_idx ON publication_access_change (publication_id, changed_at)`);
    await q.query(`
      CREATE TABLE subscription (
        subject varchar(255) NOT NULL,
        member varchar(3) NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('topic', 'series', 'language')),
        value varchar(200) NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (subject, member, kind, value)
      )`);
    await q.query(`CREATE INDEX subscription_match_idx ON subscription (kind, value)`);
    await q.query(
      `INSERT INTO subscription (subject, member, kind, value, created_at) SELECT subject, member, 'topic', topic, created_at FROM topic_subscription`,
    );
    await q.query(`DROP TABLE topic_subscription`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE topic_subscription (
        subject varchar(255) NOT NULL,
        member varchar(3) NOT NULL,
        topic varchar(64) NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (subject, member, topic)
      )`);
    await q.query(`CREATE INDEX topic_subscription_topic_idx ON topic_subscription (topic)`);
    await q.query(
      `INSERT INTO topic_subscription (subject, member, topic, created_at) SELECT subject, member, value, created_at FROM subscription WHERE kind = 'topic'`,
    );
    await q.query(`DROP TABLE subscription, publication_access_change`);
    await q.query(`DROP INDEX publication_harvested_idx`);
    await q.query(`ALTER TABLE publication DROP COLUMN harvested_version`);
    await q.query(`ALTER TABLE publication_file DROP COLUMN language`);
    await q.query(`DROP TABLE file_content`);
  }
}
