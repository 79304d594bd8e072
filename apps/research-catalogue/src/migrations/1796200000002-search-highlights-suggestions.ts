import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Highlights and typo suggestions for catalogue search.
 *
 * - Highlights: French and Spanish are indexed unaccented (`to_tsvector(cfg, unaccent(text))`); ts_headline must
 *   find the same words in the text as written, so it uses a configuration that unaccents inside the parser's
 *   pipeline (`wco_french_unaccent`, `wco_spanish_unaccent`), and the query is built with it too.
 * - Suggestions come from `search_vocabulary`: the words of the titles and keywords of publications everyone may see
 *   (public, out of embargo, not withdrawn), with trigram indexes for "did you mean". Nothing restricted, embargoed
 *   or members-only is in it, so a suggestion never reveals a publication the reader could not see. It is a
 *   materialised view refreshed by the service (SEARCH_VOCABULARY_REFRESH_MS).
 */
export class SearchHighlightsSuggestions1796200000002 implements MigrationInterface {
  name = 'SearchHighlightsSuggestions1796200000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    for (const language of ['french', 'spanish']) {
      await q.query(`CREATE TEXT SEARCH CONFIGURATION wco_${language}_unaccent (COPY = ${language})`);
      await q.query(
        `ALTER TEXT SEARCH CONFIGURATION wco_${language}_unaccent ALTER MAPPING FOR hword, hword_part, word WITH unaccent, ${language}_stem`,
      );
    }
    await q.query(`
      CREATE MATERIALIZED VIEW search_vocabulary AS
      SELECT word, ndoc FROM ts_stat($$
        SELECT to_tsvector('simple', unaccent(
                 coalesce((SELECT string_agg(t->>'text', ' ') FROM jsonb_array_elements(v.metadata->'titles') t), '') || ' ' ||
                 coalesce((SELECT string_agg(k, ' ') FROM jsonb_array_elements_text(v.metadata->'keywords') k), '')))
          FROM publication p JOIN publication_version v ON v.publication_id = p.id AND v.version = p.latest_version
         WHERE p.withdrawn_at IS NULL AND NOT p.embargoed AND p.access = 'public'
      $$) WHERE length(word) >= 3 AND word !~ '^[0-9]+$'`);
    await q.query(`CREATE UNIQUE INDEX search_vocabulary_word_idx ON search_vocabulary (word)`);
    await q.query(`CREATE INDEX search_vocabulary_trgm_idx ON search_vocabulary USING gin (word gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP MATERIALIZED VIEW search_vocabulary`);
    for (const language of ['french', 'spanish']) await q.query(`DROP TEXT SEARCH CONFIGURATION wco_${language}_unaccent`);
  }
}
