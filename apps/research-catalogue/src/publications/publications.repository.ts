import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Reader } from './domain/access-policy';
import { visibleSql } from './domain/access-policy';
import { TEXT_SEARCH_CONFIG, UNACCENTED } from './domain/vocabulary';
import type { Language } from './domain/vocabulary';
import { languagesOf } from './publication.records';
import type { PublicationRecord, VersionMetadata, VersionRecord } from './publication.records';

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

/** Every SQL statement of the publications feature; the service reads as its use cases. */
@Injectable()
export class PublicationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertPublication(em: EntityManager, p: PublicationRecord, createdBy: string): Promise<void> {
    await em.query(
      `INSERT INTO publication (id, external_id, type, access, restricted_members, embargo_until, embargoed, latest_version, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
      [p.id, p.externalId, p.type, p.access, p.restrictedMembers, p.embargoUntil, p.embargoed, p.latestVersion, createdBy, p.createdAt],
    );
  }

  /**
   * The version, its files and its search text: one tsvector per language, title A, abstract B, keywords, creators
   * and series C, and the text of the files in that language D (from file_content, extracted at upload).
   */
  async insertVersion(em: EntityManager, v: VersionRecord, createdBy: string): Promise<void> {
    const m = v.metadata;
    const languages = languagesOf(m);
    await em.query(
      `INSERT INTO publication_version (id, publication_id, version, metadata, topics, languages, series, publication_date, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        v.id,
        v.publicationId,
        v.version,
        JSON.stringify(m),
        m.topics,
        languages,
        m.series ?? null,
        m.publicationDate,
        createdBy,
        v.createdAt,
      ],
    );
    for (const f of m.files) {
      await em.query(
        `INSERT INTO publication_file (version_id, name, size, media_type, sha256, language) VALUES ($1, $2, $3, $4, $5, $6)`,
        [v.id, f.name, f.size, f.mediaType, f.sha256, f.language ?? null],
      );
    }
    const common = [...m.keywords, ...m.creators.map((c) => [c.givenName, c.familyName].filter(Boolean).join(' ')), m.series ?? ''].join(
      ' ',
    );
    const fileLanguages = m.files.map((f) => f.language).filter((l): l is Language => !!l);
    for (const language of new Set([...languages, ...fileLanguages])) {
      const title = m.titles
        .filter((t) => t.language === language)
        .map((t) => t.text)
        .join(' ');
      const abstract = m.abstracts
        .filter((t) => t.language === language)
        .map((t) => t.text)
        .join(' ');
      const prep = (sql: string) => (UNACCENTED.has(language) ? `unaccent(${sql})` : sql);
      const body = `coalesce((SELECT string_agg(c.body, ' ' ORDER BY f.name) FROM publication_file f
           JOIN file_content c ON c.sha256 = f.sha256 AND c.media_type = f.media_type
          WHERE f.version_id = $1 AND f.language = $7::text AND c.body IS NOT NULL), '')`;
      await em.query(
        `INSERT INTO publication_text (version_id, language, tsv) VALUES ($1, $2,
           setweight(to_tsvector($3::regconfig, ${prep('$4')}), 'A') || setweight(to_tsvector($3::regconfig, ${prep('$5')}), 'B')
           || setweight(to_tsvector($3::regconfig, ${prep('$6')}), 'C') || setweight(to_tsvector($3::regconfig, ${prep(body)}), 'D'))`,
        [v.id, language, TEXT_SEARCH_CONFIG[language], title, abstract, common, language],
      );
    }
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
    await em.query(
      `UPDATE publication SET harvested_version = latest_version
        WHERE id = $1 AND access = 'public' AND NOT embargoed AND withdrawn_at IS NULL AND harvested_version IS DISTINCT FROM latest_version`,
      [id],
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
    let join = '';
    let groupBy = '';
    if (f.q) {
      const q = add(f.q);
      // One branch per language with its configuration as a constant, so each uses the GIN index on tsv.
      const branches = (Object.keys(TEXT_SEARCH_CONFIG) as Language[]).map(
        (l) =>
          `SELECT t.version_id, ts_rank(t.tsv, ${tsQuery(l, q)}) AS rank FROM publication_text t WHERE t.language = '${l}' AND t.tsv @@ ${tsQuery(l, q)}`,
      );
      // Grouped by version after the joins, not before: PostgreSQL cannot estimate the groups of a UNION (it assumes
      // 200) and then probes versions and publications one by one for tens of thousands of matches; the union's row
      // estimate is good, so the joins can be hash joins. The best language's rank is the version's.
      matches = `matches AS (${branches.join(' UNION ALL ')}), `;
      join = 'JOIN matches m ON m.version_id = v.id';
      groupBy = ' GROUP BY p.id, v.id';
      // An integer rank keeps keyset pagination exact (no float comparisons between pages).
      sortKey = `(max(m.rank) * 1000000)::int`;
    }
    const visible = visibleSql(reader, params.length + 1);
    params.push(...visible.params);
    const where = [`p.withdrawn_at IS NULL`, visible.sql];
    if (f.type) where.push(`p.type = ${add(f.type)}`);
    if (f.access) where.push(`p.access = ${add(f.access)}`);
    if (f.series) where.push(`v.series = ${add(f.series)}`);
    if (f.topic) where.push(`${add(f.topic)}::text = ANY(v.topics)`);
    if (f.language) where.push(`${add(f.language)}::text = ANY(v.languages)`);
    if (f.year !== undefined) where.push(`extract(year FROM v.publication_date) = ${add(f.year)}`);
    const sql = `WITH ${matches}hits AS (
      SELECT p.id, v.id AS version_id, v.version, p.type, p.access, v.topics, v.languages, v.publication_date, v.series${withMetadata ? ', v.metadata' : ''}, ${sortKey} AS sort_key
        FROM publication p JOIN publication_version v ON v.publication_id = p.id AND v.version = p.latest_version ${join}
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
  ): Promise<{ subject: string; member: string; topics: string[]; series: boolean; languages: string[] }[]> {
    return em.query(
      `SELECT subject, member,
              coalesce(array_agg(value ORDER BY value) FILTER (WHERE kind = 'topic'), '{}') AS topics,
              bool_or(kind = 'series') AS series,
              coalesce(array_agg(value ORDER BY value) FILTER (WHERE kind = 'language'), '{}') AS languages
         FROM subscription
        WHERE (kind = 'topic' AND value = ANY($1::text[])) OR (kind = 'series' AND value = $2::text) OR (kind = 'language' AND value = ANY($3::text[]))
        GROUP BY subject, member ORDER BY member, subject`,
      [of.topics, of.series ?? null, of.languages],
    );
  }
}
