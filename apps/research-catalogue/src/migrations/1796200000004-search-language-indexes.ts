import { MigrationInterface, QueryRunner } from 'typeorm';

const LANGUAGES = ['en', 'fr', 'es', 'ar', 'ru'];

/**
 * One GIN index on the search text per language instead of one for all: each branch of a search (one per language,
 * its configuration a constant) reads its own language's index, so a word that also stems to something in another
 * language's configuration no longer sends the scan to rows it then filters out (`BENCH_EXPLAIN=broad` showed a
 * branch visiting 15,000 rows of other languages, and the planner ANDing the primary key's bitmap for the language).
 */
export class SearchLanguageIndexes1796200000004 implements MigrationInterface {
  name = 'SearchLanguageIndexes1796200000004';

  async up(q: QueryRunner): Promise<void> {
    for (const l of LANGUAGES)
      await q.query(`CREATE INDEX publication_text_tsv_${l}_idx ON publication_text USING gin (tsv) WHERE language = '${l}'`);
    await q.query(`DROP INDEX publication_text_tsv_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX publication_text_tsv_idx ON publication_text USING gin (tsv)`);
    for (const l of LANGUAGES) await q.query(`DROP INDEX publication_text_tsv_${l}_idx`);
  }
}
