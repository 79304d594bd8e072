import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '@wco/http';
import { DataSource, EntityManager } from 'typeorm';
import type { Reader } from './domain/access-policy';
import { visibleSql } from './domain/access-policy';
import { TEXT_SEARCH_CONFIG, UNACCENTED } from './domain/vocabulary';
import type { Language } from './domain/vocabulary';
import { languagesOf } from './publication.records';
import type { PublicationRecord, VersionMetadata, VersionRecord } from './publication.records';
import type { AccessChangeView } from './publication.views';

const PUBLICATION_COLUMNS = `p.id, p.external_id, p.type, p.access, p.restricted_members, to_char(p.embargo_until, 'YYYY-MM-DD') AS embargo_until,
  p.embargoed, p.latest_version, p.withdrawn_at, p.withdrawal_reason, p.created_at, p.updated_at`;

interface PublicationRow {
  id: string;
  external_id: string | null;
  type: PublicationRecord['type'];
  access: PublicationRecord['access'];
  restricted_members: string[];
  embargo_until: string | null;
  embargoed: boolean;
  latest_version: number;
  withdrawn_at: Date | null;
  withdrawal_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export function toPublication(r: PublicationRow): PublicationRecord {
  return {
    id: r.id,
    externalId: r.external_id,
    type: r.type,
    access: r.access,
    restrictedMembers: r.restricted_members,
    embargoUntil: r.embargo_until,
    embargoed: r.embargoed,
    latestVersion: r.latest_version,
    withdrawnAt: r.withdrawn_at,
    withdrawalReason: r.withdrawal_reason,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

interface VersionRow {
  id: string;
  publication_id: string;
  version: number;
  metadata: VersionMetadata;
  created_at: Date;
}

function toVersion(r: VersionRow): VersionRecord {
  return { id: r.id, publicationId: r.publication_id, version: r.version, metadata: r.metadata, createdAt: r.created_at };
}

/** The per-language query of a web-search string, unaccented where the index is. */
function tsQuery(language: Language, param: string): string {
  return `websearch_to_tsquery('${TEXT_SEARCH_CONFIG[language]}', ${UNACCENTED.has(language) ? `unaccent(${param})` : param})`;
}

export interface SearchFilters {
  q?: string;
  type?: string;
  topic?: string;
  language?: string;
  access?: string;
  series?: string;
  year?: number;
}

export interface SearchHit {
  id: string;
  version_id: string;
  version: number;
  type: string;
  access: string;
  metadata: VersionMetadata;
  sort_key: number;
}

export interface SubscriberMatch {
  subject: string;
  member: string;
  topics: string[];
  series: boolean;
  languages: string[];
}

export interface FacetRow {
  facet: string;
  value: string;
  n: number;
}

/** The facet rows over the `hits` CTE, and the total counted up to the parameter `$capParam`. */
function facetsSql(capParam: number): string {
  return `SELECT 'total' AS facet, '' AS value, count(*)::int AS n FROM (SELECT 1 FROM hits LIMIT $${capParam}) capped
       UNION ALL SELECT 'type', type, count(*)::int FROM hits GROUP BY type
       UNION ALL SELECT 'topic', t, count(*)::int FROM hits, unnest(topics) t GROUP BY t
       UNION ALL SELECT 'year', extract(year FROM publication_date)::int::text, count(*)::int FROM hits GROUP BY 2
       UNION ALL SELECT 'language', l, count(*)::int FROM hits, unnest(languages) l GROUP BY l
       UNION ALL SELECT 'access', access, count(*)::int FROM hits GROUP BY access
       UNION ALL SELECT 'series', series, count(*)::int FROM hits WHERE series IS NOT NULL GROUP BY series`;
}

/** A file a version lists was deleted (as an orphan upload) before the version could be written. */
export class FileContentGoneError extends ValidationFailedError {
  constructor() {
    super([{ field: 'files', reason: 'lists a file whose upload is no longer stored (cleaned up as an orphan): upload it again' }]);
  }
}

/** The text of a version's files in the row's language (publication_text rows `x`), in file-name order. */
const FILE_BODY = `coalesce((SELECT string_agg(c.body, ' ' ORDER BY f.name) FROM publication_file f
    JOIN file_content c ON c.sha256 = f.sha256 AND c.media_type = f.media_type
   WHERE f.version_id = x.version_id AND f.language = x.language AND c.body IS NOT NULL), '')`;

/** `sql` unaccented when the row's language is indexed without accents. */
function unaccentedIf(sql: string): string {
  return `CASE WHEN x.unaccented THEN unaccent(${sql}) ELSE ${sql} END`;
}

/** The publication_text rows of a version: one per language of its titles, abstracts and files. */
function textRows(v: VersionRecord) {
  const m = v.metadata;
  const common = [...m.keywords, ...m.creators.map((c) => [c.givenName, c.familyName].filter(Boolean).join(' ')), m.series ?? ''].join(' ');
  const fileLanguages = m.files.map((f) => f.language).filter((l): l is Language => !!l);
  const inLanguage = (texts: readonly { language: string; text: string }[], language: Language) =>
    texts
      .filter((t) => t.language === language)
      .map((t) => t.text)
      .join(' ');
  const facts = {
    publication_id: v.publicationId,
    version: v.version,
    topics: m.topics,
    languages: languagesOf(m),
    series: m.series ?? null,
    publication_date: m.publicationDate,
  };
  return [...new Set([...languagesOf(m), ...fileLanguages])].map((language) => ({
    version_id: v.id,
    ...facts,
    language,
    config: TEXT_SEARCH_CONFIG[language],
    unaccented: UNACCENTED.has(language),
    title: inLanguage(m.titles, language),
    abstract: inLanguage(m.abstracts, language),
    common,
  }));
}

/** Every SQL statement of the publications feature; the service reads as its use cases. */
@Injectable()
export class PublicationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertPublication(em: EntityManager, p: PublicationRecord, createdBy: string): Promise<void> {
    await this.insertPublications(em, [p], createdBy);
  }

  /** Concept records in one statement (a bulk import's chunk). */
  async insertPublications(em: EntityManager, publications: readonly PublicationRecord[], createdBy: string): Promise<void> {
    if (publications.length === 0) return;
    const rows = publications.map((p) => ({
      id: p.id,
      external_id: p.externalId,
      type: p.type,
      access: p.access,
      restricted_members: p.restrictedMembers,
      embargo_until: p.embargoUntil,
      embargoed: p.embargoed,
      latest_version: p.latestVersion,
      created_at: p.createdAt.toISOString(),
    }));
    await em.query(
      `INSERT INTO publication (id, external_id, type, access, restricted_members, embargo_until, embargoed, latest_version, created_by, created_at, updated_at)
       SELECT x.id, x.external_id, x.type, x.access, x.restricted_members, x.embargo_until, x.embargoed, x.latest_version, $2, x.created_at, x.created_at
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, external_id text, type text, access text, restricted_members text[],
              embargo_until date, embargoed boolean, latest_version int, created_at timestamptz)`,
      [JSON.stringify(rows), createdBy],
    );
  }

  async insertVersion(em: EntityManager, v: VersionRecord, createdBy: string): Promise<void> {
    await this.insertVersions(em, [v], createdBy);
  }

  /**
   * Versions, their files and their search text, three statements however many versions: one tsvector per version
   * and language, title A, abstract B, keywords, creators and series C, and the text of the files in that language
   * D (from file_content).
   */
  async insertVersions(em: EntityManager, versions: readonly VersionRecord[], createdBy: string): Promise<void> {
    if (versions.length === 0) return;
    const rows = versions.map((v) => ({
      id: v.id,
      publication_id: v.publicationId,
      version: v.version,
      metadata: v.metadata,
      topics: v.metadata.topics,
      languages: languagesOf(v.metadata),
      series: v.metadata.series ?? null,
      publication_date: v.metadata.publicationDate,
      created_at: v.createdAt.toISOString(),
    }));
    await em.query(
      `INSERT INTO publication_version (id, publication_id, version, metadata, topics, languages, series, publication_date, created_by, created_at)
       SELECT x.id, x.publication_id, x.version, x.metadata, x.topics, x.languages, x.series, x.publication_date, $2, x.created_at
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, publication_id uuid, version int, metadata jsonb, topics text[], languages text[],
              series text, publication_date date, created_at timestamptz)`,
      [JSON.stringify(rows), createdBy],
    );
    const files = versions.flatMap((v) =>
      v.metadata.files.map((f) => ({
        version_id: v.id,
        name: f.name,
        size: f.size,
        media_type: f.mediaType,
        sha256: f.sha256,
        language: f.language ?? null,
      })),
    );
    if (files.length) {
      // The contents stay while this transaction runs (the orphan sweep deletes them under FOR UPDATE), and their text
      // cannot be extracted between this version's reading it and its commit (the text job updates the row): either
      // the job's re-indexing sees this version, or this version reads the text.
      const keys = [...new Map(files.map((f) => [`${f.sha256}/${f.media_type}`, { sha256: f.sha256, media_type: f.media_type }])).values()];
      const locked: unknown[] = await em.query(
        `SELECT 1 FROM file_content c JOIN jsonb_to_recordset($1::jsonb) AS k(sha256 text, media_type text)
             ON c.sha256 = k.sha256 AND c.media_type = k.media_type
          ORDER BY c.sha256, c.media_type FOR SHARE OF c`,
        [JSON.stringify(keys)],
      );
      if (locked.length !== keys.length) throw new FileContentGoneError();
      await em.query(
        `INSERT INTO publication_file (version_id, name, size, media_type, sha256, language)
         SELECT x.version_id, x.name, x.size, x.media_type, x.sha256, x.language
           FROM jsonb_to_recordset($1::jsonb) AS x(version_id uuid, name text, size bigint, media_type text, sha256 text, language text)`,
        [JSON.stringify(files)],
      );
    }
    await this.insertSearchText(em, versions);
  }

  /** The search text rows of these versions (their files' text as file_content has it now). */
  private async insertSearchText(em: EntityManager, versions: readonly VersionRecord[]): Promise<void> {
    await em.query(
      `INSERT INTO publication_text (version_id, language, tsv, publication_id, version, topics, languages, series, publication_date)
       SELECT x.version_id, x.language,
              setweight(to_tsvector(x.config::regconfig, ${unaccentedIf('x.title')}), 'A')
              || setweight(to_tsvector(x.config::regconfig, ${unaccentedIf('x.abstract')}), 'B')
              || setweight(to_tsvector(x.config::regconfig, ${unaccentedIf('x.common')}), 'C')
              || setweight(to_tsvector(x.config::regconfig, ${unaccentedIf(FILE_BODY)}), 'D'),
              x.publication_id, x.version, x.topics, x.languages, x.series, x.publication_date
         FROM jsonb_to_recordset($1::jsonb) AS x(version_id uuid, language text, config text, unaccented boolean, title text, abstract text, common text,
              publication_id uuid, version int, topics text[], languages text[], series text, publication_date date)`,
      [JSON.stringify(versions.flatMap(textRows))],
    );
  }

  /**
   * Re-indexes every version listing this content (its text has just been extracted). Called in the transaction that
   * wrote the text, after the update that locked the file_content row: a version committed before sees it here.
   */
  async reindexVersionsOf(em: EntityManager, sha256: string, mediaType: string): Promise<number> {
    const rows: VersionRow[] = await em.query(
      `SELECT v.id, v.publication_id, v.version, v.metadata, v.created_at FROM publication_version v
        WHERE v.id IN (SELECT f.version_id FROM publication_file f WHERE f.sha256 = $1 AND f.media_type = $2) ORDER BY v.id FOR NO KEY UPDATE OF v`,
      [sha256, mediaType],
    );
    if (rows.length === 0) return 0;
    const versions = rows.map(toVersion);
    await em.query(`DELETE FROM publication_text WHERE version_id = ANY($1::uuid[])`, [versions.map((v) => v.id)]);
    await this.insertSearchText(em, versions);
    return versions.length;
  }

  /** The text of the files of these versions (for highlights), the first `maxChars` characters of each. */
  async fileTexts(
    versionIds: readonly string[],
    maxChars: number,
  ): Promise<{ version_id: string; name: string; language: Language; text: string }[]> {
    if (versionIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT f.version_id, f.name, f.language, left(c.body, $2) AS text FROM publication_file f
         JOIN file_content c ON c.sha256 = f.sha256 AND c.media_type = f.media_type
        WHERE f.version_id = ANY($1::uuid[]) AND c.body IS NOT NULL AND f.language IS NOT NULL ORDER BY f.version_id, f.name`,
      [versionIds, maxChars],
    );
  }

  async findPublication(id: string, em: EntityManager = this.dataSource.manager, lock = false): Promise<PublicationRecord | undefined> {
    const rows: PublicationRow[] = await em.query(
      `SELECT ${PUBLICATION_COLUMNS} FROM publication p WHERE p.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] && toPublication(rows[0]);
  }

  async findByExternalId(em: EntityManager, externalId: string): Promise<PublicationRecord | undefined> {
    const rows: PublicationRow[] = await em.query(`SELECT ${PUBLICATION_COLUMNS} FROM publication p WHERE p.external_id = $1`, [
      externalId,
    ]);
    return rows[0] && toPublication(rows[0]);
  }

  /** The ids of the publications catalogued under these external ids. */
  async idsByExternalIds(em: EntityManager, externalIds: readonly string[]): Promise<Map<string, string>> {
    const rows: { id: string; external_id: string }[] = await em.query(
      `SELECT id, external_id FROM publication WHERE external_id = ANY($1::text[])`,
      [externalIds],
    );
    return new Map(rows.map((r) => [r.external_id, r.id]));
  }

  async findVersion(
    publicationId: string,
    version: number,
    em: EntityManager = this.dataSource.manager,
  ): Promise<VersionRecord | undefined> {
    const rows: VersionRow[] = await em.query(
      `SELECT id, publication_id, version, metadata, created_at FROM publication_version WHERE publication_id = $1 AND version = $2`,
      [publicationId, version],
    );
    return rows[0] && toVersion(rows[0]);
  }

  async listVersions(publicationId: string): Promise<VersionRecord[]> {
    const rows: VersionRow[] = await this.dataSource.query(
      `SELECT id, publication_id, version, metadata, created_at FROM publication_version WHERE publication_id = $1 ORDER BY version`,
      [publicationId],
    );
    return rows.map(toVersion);
  }

  async setLatestVersion(em: EntityManager, id: string, version: number, at: Date): Promise<void> {
    await em.query(`UPDATE publication SET latest_version = $2, updated_at = $3 WHERE id = $1`, [id, version, at]);
  }

  async markWithdrawn(em: EntityManager, id: string, reason: string, at: Date): Promise<void> {
    await em.query(`UPDATE publication SET withdrawn_at = $3, withdrawal_reason = $2, updated_at = $3 WHERE id = $1`, [id, reason, at]);
  }

  /**
   * Records that harvesters now see the latest version, when the publication is harvestable (public, out of
   * embargo, not withdrawn); called after every change. A record once harvested stays in OAI-PMH lists (as deleted
   * once it is not harvestable any more), with the header of the last version harvesters saw.
   */
  async syncHarvested(em: EntityManager, id: string): Promise<void> {
    await this.syncHarvestedMany(em, [id]);
  }

  async syncHarvestedMany(em: EntityManager, ids: readonly string[]): Promise<void> {
    await em.query(
      `UPDATE publication SET harvested_version = latest_version
        WHERE id = ANY($1::uuid[]) AND access = 'public' AND NOT embargoed AND withdrawn_at IS NULL AND harvested_version IS DISTINCT FROM latest_version`,
      [ids],
    );
  }

  /** The new access rule (the OAI datestamp moves: harvesters must see a record appear or become deleted). */
  async setAccess(
    em: EntityManager,
    id: string,
    rule: { access: PublicationRecord['access']; restrictedMembers: string[]; embargoUntil: string | null; embargoed: boolean },
    at: Date,
  ): Promise<void> {
    await em.query(
      `UPDATE publication SET access = $2, restricted_members = $3, embargo_until = $4, embargoed = $5, updated_at = $6 WHERE id = $1`,
      [id, rule.access, rule.restrictedMembers, rule.embargoUntil, rule.embargoed, at],
    );
  }

  async insertAccessChange(
    em: EntityManager,
    change: { id: string; publicationId: string; changedBy: string; at: Date; reason: string; before: unknown; after: unknown },
  ): Promise<void> {
    await em.query(
      `INSERT INTO publication_access_change (id, publication_id, changed_by, changed_at, reason, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        change.id,
        change.publicationId,
        change.changedBy,
        change.at,
        change.reason,
        JSON.stringify(change.before),
        JSON.stringify(change.after),
      ],
    );
  }

  /** A publication's access changes, oldest first. */
  async accessChanges(publicationId: string): Promise<AccessChangeView[]> {
    return this.dataSource.query(
      `SELECT id, to_json(changed_at)#>>'{}' AS "changedAt", changed_by AS "changedBy", reason, before, after
         FROM publication_access_change WHERE publication_id = $1 ORDER BY changed_at, id`,
      [publicationId],
    );
  }

  /** Claims due embargoes (several replicas may run the job: SKIP LOCKED, so none lifts one twice). */
  async claimDueEmbargoes(em: EntityManager, today: string, limit: number): Promise<PublicationRecord[]> {
    const rows: PublicationRow[] = await em.query(
      `SELECT ${PUBLICATION_COLUMNS} FROM publication p WHERE p.embargoed AND p.embargo_until <= $1::date
        ORDER BY p.embargo_until, p.id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [today, limit],
    );
    return rows.map(toPublication);
  }

  async liftEmbargo(em: EntityManager, id: string, at: Date): Promise<void> {
    await em.query(`UPDATE publication SET embargoed = false, updated_at = $2 WHERE id = $1`, [id, at]);
  }

  /**
   * The latest versions of live publications the reader may see that match the filters. Returns the SQL of a
   * `hits` CTE and its parameters; the page and the facets are both computed from it, so they can never disagree.
   */
  private hits(reader: Reader, f: SearchFilters, withMetadata = true): { sql: string; params: unknown[] } {
    const params: unknown[] = [];
    const add = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    let matches = '';
    let sortKey = `to_char(v.publication_date, 'YYYYMMDD')::int`;
    let from = 'publication p JOIN publication_version v ON v.publication_id = p.id AND v.version = p.latest_version';
    let groupBy = '';
    // The version's facts: from its search text when the query matches text (no join to every version), else from
    // the version row.
    let x = 'v';
    if (f.q) {
      const q = add(f.q);
      // One branch per language with its configuration as a constant, so each uses the GIN index on tsv.
      const branches = (Object.keys(TEXT_SEARCH_CONFIG) as Language[]).map(
        (l) =>
          `SELECT t.version_id, t.publication_id, t.version, t.topics, t.languages, t.series, t.publication_date, ts_rank(t.tsv, ${tsQuery(l, q)}) AS rank
             FROM publication_text t WHERE t.language = '${l}' AND t.tsv @@ ${tsQuery(l, q)}`,
      );
      // Grouped by version after the join, not before: PostgreSQL cannot estimate the groups of a UNION (it assumes
      // 200) and would then probe publications one by one for tens of thousands of matches; the union's row estimate
      // is good, so the join can be a hash join. The best language's rank is the version's; the other grouped columns
      // are the version's own (the same in each of its languages).
      matches = `matches AS (${branches.join(' UNION ALL ')}), `;
      from = `matches m JOIN publication p ON p.id = m.publication_id AND p.latest_version = m.version${withMetadata ? ' JOIN publication_version v ON v.id = m.version_id' : ''}`;
      groupBy = ` GROUP BY p.id, m.version_id, m.version, p.type, p.access, m.topics, m.languages, m.publication_date, m.series${withMetadata ? ', v.metadata' : ''}`;
      // An integer rank keeps keyset pagination exact (no float comparisons between pages).
      sortKey = `(max(m.rank) * 1000000)::int`;
      x = 'm';
    }
    const visible = visibleSql(reader, params.length + 1);
    params.push(...visible.params);
    const where = [`p.withdrawn_at IS NULL`, visible.sql];
    if (f.type) where.push(`p.type = ${add(f.type)}`);
    if (f.access) where.push(`p.access = ${add(f.access)}`);
    if (f.series) where.push(`${x}.series = ${add(f.series)}`);
    if (f.topic) where.push(`${add(f.topic)}::text = ANY(${x}.topics)`);
    if (f.language) where.push(`${add(f.language)}::text = ANY(${x}.languages)`);
    if (f.year !== undefined) where.push(`extract(year FROM ${x}.publication_date) = ${add(f.year)}`);
    const versionId = x === 'm' ? 'm.version_id' : 'v.id';
    const sql = `WITH ${matches}hits AS (
      SELECT p.id, ${versionId} AS version_id, ${x}.version, p.type, p.access, ${x}.topics, ${x}.languages, ${x}.publication_date, ${x}.series${withMetadata ? ', v.metadata' : ''}, ${sortKey} AS sort_key
        FROM ${from}
       WHERE ${where.join(' AND ')}${groupBy})`;
    return { sql, params };
  }

  /** The `page` CTE (a keyset page of `hits`, without metadata) and its parameters after `n` others. */
  private pageCte(n: number, after: [number, string] | undefined, limit: number): { sql: string; params: unknown[] } {
    const cursor = after ? `WHERE (sort_key, id) < ($${n + 1}, $${n + 2}::uuid)` : '';
    return {
      sql: `page AS (SELECT id, version_id, version, type, access, sort_key FROM hits ${cursor} ORDER BY sort_key DESC, id DESC LIMIT $${n + (after ? 3 : 1)})`,
      params: [...(after ?? []), limit],
    };
  }

  async searchPage(reader: Reader, f: SearchFilters, after: [number, string] | undefined, limit: number): Promise<SearchHit[]> {
    // Ranked without the metadata, which is joined for the page's rows only: sorting every match's jsonb is what
    // made broad queries slow.
    const { sql, params } = this.hits(reader, f, false);
    const page = this.pageCte(params.length, after, limit);
    return this.dataSource.query(
      `${sql}, ${page.sql}
       SELECT page.*, v.metadata FROM page JOIN publication_version v ON v.id = page.version_id ORDER BY page.sort_key DESC, page.id DESC`,
      [...params, ...page.params],
    );
  }

  /**
   * A page, the facets and the capped total in one statement over one computation of `hits` (PostgreSQL
   * materialises a CTE read more than once): a broad query matches and ranks its tens of thousands of versions once,
   * not once for the page and again for the facets.
   */
  async searchWithFacets(
    reader: Reader,
    f: SearchFilters,
    after: [number, string] | undefined,
    limit: number,
    countCap: number,
  ): Promise<{ page: SearchHit[]; facets: FacetRow[] }> {
    const { sql, params } = this.hits(reader, f, false);
    const page = this.pageCte(params.length, after, limit);
    params.push(...page.params, countCap + 1);
    const [row]: { page: SearchHit[] | null; facets: FacetRow[] }[] = await this.dataSource.query(
      `${sql}, ${page.sql}
       SELECT (SELECT json_agg(x ORDER BY x.sort_key DESC, x.id DESC) FROM (SELECT page.*, v.metadata FROM page JOIN publication_version v ON v.id = page.version_id) x) AS page,
              (SELECT json_agg(f) FROM (${facetsSql(params.length)}) f) AS facets`,
      params,
    );
    return { page: row.page ?? [], facets: row.facets };
  }

  /**
   * Subscribers (user and Member) following at least one of the publication's topics, its series or one of its
   * languages: one row each, however many of them they follow, with what they follow among them.
   */
  async subscribersOf(
    em: EntityManager,
    of: { topics: readonly string[]; series?: string; languages: readonly string[] },
  ): Promise<SubscriberMatch[]> {
    return (await this.subscribersOfMany(em, [of]))[0];
  }

  /** The subscribers of each publication (same rules as subscribersOf), one statement for all. */
  async subscribersOfMany(
    em: EntityManager,
    of: readonly { topics: readonly string[]; series?: string; languages: readonly string[] }[],
  ): Promise<SubscriberMatch[][]> {
    const rows: (SubscriberMatch & { i: number })[] = await em.query(
      `SELECT x.i, s.subject, s.member,
              coalesce(array_agg(s.value ORDER BY s.value) FILTER (WHERE s.kind = 'topic'), '{}') AS topics,
              bool_or(s.kind = 'series') AS series,
              coalesce(array_agg(s.value ORDER BY s.value) FILTER (WHERE s.kind = 'language'), '{}') AS languages
         FROM jsonb_to_recordset($1::jsonb) AS x(i int, topics text[], series text, languages text[])
         JOIN subscription s
           ON (s.kind = 'topic' AND s.value = ANY(x.topics)) OR (s.kind = 'series' AND s.value = x.series) OR (s.kind = 'language' AND s.value = ANY(x.languages))
        GROUP BY x.i, s.subject, s.member ORDER BY x.i, s.member, s.subject`,
      [JSON.stringify(of.map((o, i) => ({ i, topics: o.topics, series: o.series ?? null, languages: o.languages })))],
    );
    const out: SubscriberMatch[][] = of.map(() => []);
    for (const { i, ...match } of rows) out[i].push(match);
    return out;
  }
}
