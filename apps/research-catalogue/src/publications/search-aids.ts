import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { TEXT_SEARCH_CONFIG, UNACCENTED } from './domain/vocabulary';
import type { Language } from './domain/vocabulary';
import type { VersionMetadata } from './publication.records';

/** A piece of highlighted text: `match` marks the words the query found (a client shows them as it likes, e.g. <mark>). */
export interface HighlightPart {
  text: string;
  match: boolean;
}

export interface Highlight {
  field: 'title' | 'abstract' | 'file';
  /** With field `file`: the file's name. */
  file?: string;
  language: Language;
  parts: HighlightPart[];
}

/** A file's extracted text, for highlights. */
export interface FileText {
  name: string;
  language: Language;
  text: string;
}

// Markers ts_headline puts around matches; removed from the texts first, so they cannot come from a publication.
const START = '\u0002';
const STOP = '\u0003';
const TITLE_OPTIONS = `StartSel=${START}, StopSel=${STOP}, HighlightAll=true`;
const ABSTRACT_OPTIONS = `StartSel=${START}, StopSel=${STOP}, MaxFragments=2, MaxWords=30, MinWords=12, FragmentDelimiter=" … "`;

/** The configuration highlights use: the index's, unaccenting inside the parser where the index is unaccented. */
function headlineConfig(language: Language): string {
  return UNACCENTED.has(language) ? `wco_${TEXT_SEARCH_CONFIG[language]}_unaccent` : TEXT_SEARCH_CONFIG[language];
}

function partsOf(headline: string): HighlightPart[] {
  const parts: HighlightPart[] = [];
  for (const piece of headline.split(START)) {
    const stop = piece.indexOf(STOP);
    if (stop === -1) {
      if (piece) parts.push({ text: piece, match: false });
      continue;
    }
    parts.push({ text: piece.slice(0, stop), match: true });
    if (stop + 1 < piece.length) parts.push({ text: piece.slice(stop + 1), match: false });
  }
  return parts;
}

/** The words of a web-search string worth checking for typos: not quoted phrases' syntax, not `or`, not -excluded. */
export function queryWords(q: string): string[] {
  return q
    .replace(/"/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !w.startsWith('-') && w.toLowerCase() !== 'or')
    .flatMap((w) => w.split(/[^\p{L}\p{N}]+/u))
    .filter((w) => w.length >= 3);
}

/**
 * What search adds to its hits: highlights of the words found in the page's titles and abstracts (ts_headline, in the
 * language of each text), and a "did you mean" from the words of the catalogue everyone may see (search_vocabulary,
 * trigram similarity), so a suggestion never names a word of a publication the reader could not see.
 */
@Injectable()
export class SearchAids {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Per page row, the highlighted titles, abstracts and file texts that contain a match (none when nothing matched).
   * The rows are the reader's page, already filtered by the access rules: no other text is looked at.
   */
  async highlights(q: string, rows: readonly VersionMetadata[], files: readonly (readonly FileText[])[] = []): Promise<Highlight[][]> {
    const texts: { row: number; field: Highlight['field']; file?: string; language: Language; text: string }[] = [];
    rows.forEach((m, row) => {
      for (const t of m.titles) texts.push({ row, field: 'title', language: t.language as Language, text: t.text });
      for (const a of m.abstracts) texts.push({ row, field: 'abstract', language: a.language as Language, text: a.text });
      for (const f of files[row] ?? []) texts.push({ row, field: 'file', file: f.name, language: f.language, text: f.text });
    });
    const result: Highlight[][] = rows.map(() => []);
    if (texts.length === 0) return result;
    const headlines: { headline: string }[] = await this.dataSource.query(
      `SELECT ts_headline(h.cfg::regconfig, h.txt, websearch_to_tsquery(h.cfg::regconfig, $1), CASE WHEN h.title THEN $2 ELSE $3 END) AS headline
         FROM unnest($4::text[], $5::text[], $6::bool[]) WITH ORDINALITY AS h(cfg, txt, title, i) ORDER BY h.i`,
      [
        q,
        TITLE_OPTIONS,
        ABSTRACT_OPTIONS,
        texts.map((t) => headlineConfig(t.language)),
        texts.map((t) => t.text.split(START).join(' ').split(STOP).join(' ')),
        texts.map((t) => t.field === 'title'),
      ],
    );
    headlines.forEach(({ headline }, i) => {
      const parts = partsOf(headline);
      const { row, field, file, language } = texts[i];
      if (parts.some((p) => p.match)) result[row].push({ field, ...(file ? { file } : {}), language, parts });
    });
    return result;
  }

  /**
   * The query with each word the public catalogue does not know replaced by its closest known word, or undefined
   * when every word is known or none has a close neighbour.
   */
  async suggestion(q: string): Promise<string | undefined> {
    const words = queryWords(q);
    if (words.length === 0) return undefined;
    const rows: { raw: string; known: boolean; suggestion: string | null }[] = await this.dataSource.query(
      `SELECT u.raw, EXISTS (SELECT 1 FROM search_vocabulary s WHERE s.word = w.word) AS known,
              (SELECT s.word FROM search_vocabulary s WHERE s.word % w.word
                ORDER BY similarity(s.word, w.word) DESC, s.ndoc DESC, s.word LIMIT 1) AS suggestion
         FROM unnest($1::text[]) WITH ORDINALITY AS u(raw, i), LATERAL (SELECT unaccent(lower(u.raw)) AS word) w
        ORDER BY u.i`,
      [words],
    );
    let suggested = q;
    let changed = false;
    for (const r of rows) {
      if (r.known || !r.suggestion) continue;
      suggested = suggested.replace(r.raw, r.suggestion);
      changed = true;
    }
    return changed ? suggested : undefined;
  }

  /**
   * Rebuilds the vocabulary inside the caller's transaction (an access change), waiting for a rebuild under way:
   * the new vocabulary commits with the change that made it necessary.
   */
  async refreshVocabularyIn(em: EntityManager): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('research-search-vocabulary', 0))`);
    await em.query(`REFRESH MATERIALIZED VIEW CONCURRENTLY search_vocabulary`);
  }

  /** Rebuilds the vocabulary from the publications everyone may see now; one replica at a time. */
  async refreshVocabulary(): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      const [{ locked }] = await em.query(`SELECT pg_try_advisory_xact_lock(hashtextextended('research-search-vocabulary', 0)) AS locked`);
      if (!locked) return false;
      await em.query(`REFRESH MATERIALIZED VIEW CONCURRENTLY search_vocabulary`);
      return true;
    });
  }
}
