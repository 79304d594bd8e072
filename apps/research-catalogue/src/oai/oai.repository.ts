import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HARVEST_DELETED_SQL, HARVESTABLE_SQL, HARVESTED_SQL } from '../publications/domain/access-policy';
import type { VersionMetadata } from '../publications/publication.records';
import type { HarvestQuery } from './resumption-token';
import { seriesOfSetSpec } from './series-sets';

export interface HarvestRow {
  id: string;
  type: string;
  /** The latest version's number (the record is that version). */
  version: number;
  /** YYYY-MM-DDThh:mm:ssZ, the OAI datestamp (the last change a harvester must see). */
  datestamp: string;
  /** Microsecond position for the next page. */
  position: string;
  deleted: boolean;
  metadata: VersionMetadata;
}

const FROM = `FROM publication p JOIN publication_version v ON v.publication_id = p.id AND v.version = p.harvested_version`;
/** The harvest's SELECT (exported for the benchmark's EXPLAIN). */
export const SELECT = `SELECT p.id, p.type, v.version,
    to_char(date_trunc('second', p.updated_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS datestamp,
    to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position,
    ${HARVEST_DELETED_SQL} AS deleted, v.metadata
  ${FROM}`;

/**
 * What OAI-PMH reads: the records harvesters ever saw (HARVESTED_SQL): the public ones out of embargo as they are,
 * the others (withdrawn, no longer public, back under embargo) as deleted, with the version harvesters last saw.
 */
@Injectable()
export class OaiRepository {
  constructor(private readonly dataSource: DataSource) {}

  private where(q: HarvestQuery, params: unknown[]): string {
    const add = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const clauses = [HARVESTED_SQL, `date_trunc('second', p.updated_at) <= ${add(q.until)}::timestamptz`];
    if (q.from) clauses.push(`date_trunc('second', p.updated_at) >= ${add(q.from)}::timestamptz`);
    if (q.set?.startsWith('topic:')) clauses.push(`${add(q.set.slice('topic:'.length))}::text = ANY(v.topics)`);
    if (q.set?.startsWith('type:')) clauses.push(`p.type = ${add(q.set.slice('type:'.length))}`);
    if (q.set?.startsWith('series:')) clauses.push(`v.series = ${add(seriesOfSetSpec(q.set) ?? '')}`);
    return clauses.join(' AND ');
  }

  async page(q: HarvestQuery, after: { position: string; id: string } | undefined, limit: number): Promise<HarvestRow[]> {
    const params: unknown[] = [];
    let where = this.where(q, params);
    if (after) {
      params.push(after.position, after.id);
      where += ` AND (p.updated_at, p.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    params.push(limit);
    return this.dataSource.query(`${SELECT} WHERE ${where} ORDER BY p.updated_at, p.id LIMIT $${params.length}`, params);
  }

  /** completeListSize, asked on every page of a list: the versions are read only when a set filters on them. */
  async count(q: HarvestQuery): Promise<number> {
    const params: unknown[] = [];
    const from = q.set?.startsWith('topic:') || q.set?.startsWith('series:') ? FROM : 'FROM publication p';
    const rows: { n: number }[] = await this.dataSource.query(`SELECT count(*)::int AS n ${from} WHERE ${this.where(q, params)}`, params);
    return rows[0].n;
  }

  async one(id: string): Promise<HarvestRow | undefined> {
    const rows: HarvestRow[] = await this.dataSource.query(`${SELECT} WHERE p.id = $1 AND ${HARVESTED_SQL}`, [id]);
    return rows[0];
  }

  /** The series of the harvestable records (ListSets), in name order. */
  async series(): Promise<string[]> {
    const rows: { series: string }[] = await this.dataSource.query(
      `SELECT DISTINCT v.series FROM publication p JOIN publication_version v ON v.publication_id = p.id AND v.version = p.latest_version
        WHERE v.series IS NOT NULL AND ${HARVESTABLE_SQL} ORDER BY v.series`,
    );
    return rows.map((r) => r.series);
  }

  async earliestDatestamp(): Promise<string | undefined> {
    const rows: { d: string | null }[] = await this.dataSource.query(
      `SELECT to_char(date_trunc('second', min(p.updated_at)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS d FROM publication p WHERE ${HARVESTED_SQL}`,
    );
    return rows[0].d ?? undefined;
  }
}
