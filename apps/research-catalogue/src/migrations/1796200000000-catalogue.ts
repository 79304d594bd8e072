import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalogue: concept records (publication) with immutable versions, their per-language search text, files and
 * subscriptions. Replaces the generator's example table, which never held data.
 */
export class Catalogue1796200000000 implements MigrationInterface {
  name = 'Catalogue1796200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "publication"`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await q.query(`
      CREATE TABLE publication (
        id uuid PRIMARY KEY,
        external_id varchar(200) UNIQUE,
        type varchar(32) NOT NULL,
        access varchar(16) NOT NULL CHECK (access IN ('public', 'members', 'restricted')),
        restricted_members varchar(3)[] NOT NULL DEFAULT '{}',
        embargo_until date,
        embargoed boolean NOT NULL,
        latest_version integer NOT NULL,
        withdrawn_at timestamptz,
        withdrawal_reason text,
        created_by varchar(255) NOT NULL,
        created_at timestamptz NOT NULL,
        -- OAI-PMH datestamp: moves on every change a harvester must see (new version, withdrawal, embargo lifted).
        updated_at timestamptz NOT NULL,
        CHECK ((access = 'restricted') = (cardinality(restricted_members) > 0))
      )`);
    await q.query(`CREATE INDEX publication_harvest_idx ON publication (updated_at, id)`);
    await q.query(`CREATE INDEX publication_embargo_idx ON publication (embargo_until) WHERE embargoed`);
    await q.query(`
      CREATE TABLE publication_version (
        id uuid PRIMARY KEY,
        publication_id uuid NOT NULL REFERENCES publication (id),
        version integer NOT NULL,
        metadata jsonb NOT NULL,
        topics varchar(64)[] NOT NULL,
        languages varchar(2)[] NOT NULL,
        series varchar(200),
        publication_date date NOT NULL,
        created_by varchar(255) NOT NULL,
        created_at timestamptz NOT NULL,
        UNIQUE (publication_id, version)
      )`);
    await q.query(`
      CREATE TABLE publication_text (
        version_id uuid NOT NULL REFERENCES publication_version (id),
        language varchar(2) NOT NULL,
        tsv tsvector NOT NULL,
        PRIMARY KEY (version_id, language)
      )`);
    await q.query(`CREATE INDEX publication_text_tsv_idx ON publication_text USING gin (tsv)`);
    await q.query(`
      CREATE TABLE publication_file (
        version_id uuid NOT NULL REFERENCES publication_version (id),
        name varchar(255) NOT NULL,
        size bigint NOT NULL,
        media_type varchar(255) NOT NULL,
        sha256 char(64) NOT NULL,
        PRIMARY KEY (version_id, name)
      )`);
    await q.query(`
      CREATE TABLE topic_subscription (
        subject varchar(255) NOT NULL,
        member varchar(3) NOT NULL,
        topic varchar(64) NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (subject, member, topic)
      )`);
    await q.query(`CREATE INDEX topic_subscription_topic_idx ON topic_subscription (topic)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE topic_subscription, publication_file, publication_text, publication_version, publication`);
  }
}
