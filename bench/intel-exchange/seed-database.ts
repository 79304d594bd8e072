import { Client } from 'pg';
import { canKnowOfEachOther } from '../../apps/intel-exchange/src/domain/access-policy';
import type { CorrelatedReport, ReportAccessFacts } from '../../apps/intel-exchange/src/domain/access-policy';
import { DISTRIBUTABLE_TLP } from '../../apps/intel-exchange/src/domain/access-policy';
import { sharedIndicatorsMatch } from '../../apps/intel-exchange/src/domain/correlation';
import { extractIndicators } from '../../apps/intel-exchange/src/domain/indicators';
import type { OperationAccessFacts } from '../../apps/intel-exchange/src/domain/report.types';
import { filterColumnsOf } from '../../apps/intel-exchange/src/reports/report-projection';
import { Rng } from './prng';
import { containerNumber, ReportGenerator } from './report-generator';
import type { OperationSeed } from './world';

// Loads the "earlier reports" straight into the service's tables with multi-row inserts
// (json_populate_recordset: one parameter per batch), writing exactly the rows the service would have written had
// the reports been submitted one by one in time order: the report projection (the service's own filterColumnsOf),
// the version content, the restricted personal data, the indicators (the domain's extractIndicators/indicatorHash),
// the per-value counts with their ubiquity marks, and the matches (the domain's matching and access rules, the same
// ubiquity cut).

export interface SeedOptions {
  databaseUrl: string;
  reports: number;
  seed: number;
  operations: readonly OperationSeed[];
  ubiquityThreshold: number;
  now: Date;
  /** Reports generated and inserted per statement. */
  batchSize?: number;
  log?: (line: string) => void;
}

export interface ProbeTarget {
  reportId: string;
  container: string;
}

export interface SeedResult {
  reports: number;
  indicators: number;
  distinctIndicators: number;
  ubiquitousIndicators: number;
  /** Ubiquitous values per indicator kind, and values carried by 2..threshold reports per kind. */
  ubiquitousByKind: Record<string, number>;
  recurringByKind: Record<string, number>;
  matches: number;
  personalDataSections: number;
  /** Shareable reports each carrying a container no other seeded report carries: a probe sharing it makes one match. */
  probeTargets: ProbeTarget[];
  seconds: number;
  databaseBytes: number;
}

interface ValueCount {
  kind: string;
  display: string;
  count: number;
  /** Seed indexes of the first holders, while the value can still match (count below the threshold). */
  holders: number[];
  ubiquitousSince: string | null;
  updatedAt: string;
}

interface SeedFacts {
  id: string;
  member: string;
  correlated: CorrelatedReport;
}

const YEAR_MS = 365 * 86_400_000;

export async function seedDatabase(options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const batchSize = options.batchSize ?? 2000;
  const client = new Client({ connectionString: options.databaseUrl, application_name: 'intel-exchange-bench-seed' });
  await client.connect();
  try {
    await client.query(`SET synchronous_commit = off`);
    await insertOperations(client, options.operations, options.now);

    // Seeded reports see their operation as it was when they were submitted: active.
    const opFacts = new Map<string, OperationAccessFacts>(
      options.operations.map((o) => [
        o.id,
        { id: o.id, coordinatorMember: o.coordinatorMember, participantMembers: o.participants, state: 'active' },
      ]),
    );
    const generator = new ReportGenerator({ seed: options.seed, stream: 0, operations: options.operations });
    const idRng = new Rng(options.seed ^ 0x5eed);
    const values = new Map<string, ValueCount>();
    const facts: SeedFacts[] = [];
    const firstContainerOf = new Map<string, number>();
    const threshold = options.ubiquityThreshold;
    const span = 3 * YEAR_MS;
    const start = options.now.getTime() - span;
    let indicatorRows = 0;
    let matchRows = 0;
    let personal = 0;
    let pending: Promise<unknown> = Promise.resolve();

    for (let from = 0; from < options.reports; from += batchSize) {
      const reports: object[] = [];
      const versions: object[] = [];
      const personalRows: object[] = [];
      const indicators: object[] = [];
      const matches: object[] = [];
      for (let i = from; i < Math.min(options.reports, from + batchSize); i++) {
        // Submission times spread over three years, denser towards today (reporting grows).
        const createdAt = new Date(start + span * Math.sqrt((i + 0.5) / options.reports));
        const { member, subject, submission } = generator.next(createdAt, false);
        const id = idRng.uuid();
        const at = createdAt.toISOString();
        const { personalData, ...content } = submission;
        const columns = filterColumnsOf(content);
        reports.push({
          id,
          current_version: 1,
          originator_member: member,
          submitted_by: subject,
          type: columns.type,
          commodity_categories: columns.commodityCategories,
          hs_codes: columns.hsCodes,
          hs_chapters: columns.hsChapters,
          hs_headings: columns.hsHeadings,
          detected_at: columns.detectedAt.toISOString(),
          route_countries: columns.routeCountries,
          concealment: columns.concealment,
          detection: columns.detection,
          tlp: columns.tlp,
          distribution_level: columns.distributionLevel,
          distribution_members: columns.distributionMembers,
          operation_id: columns.operationId,
          personal_data_released_to: columns.personalDataReleasedTo,
          retention_until: columns.retentionUntil,
          created_at: at,
          updated_at: at,
          purged_at: null,
        });
        versions.push({ report_id: id, version: 1, content, submitted_by: subject, created_at: at, correction_id: null });
        if (personalData) {
          personalRows.push({ report_id: id, version: 1, personal_data: personalData });
          personal++;
        }

        const accessFacts: ReportAccessFacts = {
          originatorMember: member,
          tlp: submission.tlp,
          distribution: submission.distribution,
          operationId: submission.operationId,
          personalDataReleasedTo: submission.personalDataReleasedTo,
        };
        const self: SeedFacts = {
          id,
          member,
          correlated: { report: accessFacts, operation: submission.operationId ? opFacts.get(submission.operationId) : undefined },
        };
        facts.push(self);

        // The service's correlation, in submission order: a value already carried by `threshold` reports is
        // ubiquitous and matches nothing; otherwise every earlier holder is a candidate, and the domain's matching
        // rule (one identifying value, or two pattern values) decides.
        const shared = new Map<number, string[]>();
        for (const ind of extractIndicators(submission)) {
          indicators.push({ report_id: id, hash: ind.hash, kind: ind.kind, created_at: at });
          indicatorRows++;
          let v = values.get(ind.hash);
          if (!v) {
            v = { kind: ind.kind, display: ind.value.slice(0, 200), count: 0, holders: [], ubiquitousSince: null, updatedAt: at };
            values.set(ind.hash, v);
          }
          if (v.count + 1 <= threshold) {
            for (const h of v.holders) shared.set(h, [...(shared.get(h) ?? []), ind.kind]);
          }
          v.count++;
          v.updatedAt = at;
          if (v.count > threshold && !v.ubiquitousSince) v.ubiquitousSince = at;
          if (v.count < threshold) v.holders.push(i);
          else v.holders = [];
          if (ind.kind === 'container' && !firstContainerOf.has(ind.hash)) firstContainerOf.set(ind.hash, i);
        }
        for (const [h, kinds] of shared) {
          const other = facts[h];
          if (!sharedIndicatorsMatch(kinds) || !canKnowOfEachOther(self.correlated, other.correlated)) continue;
          const [a, b] = id < other.id ? [self, other] : [other, self];
          matches.push({
            id: idRng.uuid(),
            report_a: a.id,
            report_b: b.id,
            member_a: a.member,
            member_b: b.member,
            indicator_kinds: [...new Set(kinds)].sort(),
            created_at: at,
            updated_at: at,
          });
          matchRows++;
        }
      }
      await pending;
      pending = insertBatch(client, { reports, versions, personalRows, indicators, matches });
      if ((from / batchSize) % 10 === 0)
        log(`seeded ${Math.min(options.reports, from + batchSize)} reports (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
    await pending;

    const countRows = [...values.entries()].map(([hash, v]) => ({
      hash,
      kind: v.kind,
      display_value: v.display,
      report_count: v.count,
      ubiquitous_since: v.ubiquitousSince,
      updated_at: v.updatedAt,
    }));
    for (let i = 0; i < countRows.length; i += 20_000) {
      await insertRows(client, 'indicator_count', countRows.slice(i, i + 20_000));
    }
    log(`indicator counts written; VACUUM ANALYZE`);
    // What autovacuum would have done over three years: statistics for the planner, visibility map for index-only scans.
    await client.query(`VACUUM ANALYZE`);
    // The seed dirtied hundreds of MB: flushed now, not by a checkpoint spread over the measured phases.
    await client.query(`CHECKPOINT`);

    const poolContainers = new Set<string>(Array.from({ length: 6004 }, (_, k) => containerNumber(k)));
    const probeTargets: ProbeTarget[] = [];
    for (const [hash, index] of firstContainerOf) {
      const v = values.get(hash);
      const f = facts[index];
      if (!v || v.count !== 1 || poolContainers.has(v.display)) continue;
      const r = f.correlated.report;
      if (r.distribution.level !== 'all_members' || !DISTRIBUTABLE_TLP.includes(r.tlp)) continue;
      probeTargets.push({ reportId: f.id, container: v.display });
    }
    const ubiquitousByKind: Record<string, number> = {};
    const recurringByKind: Record<string, number> = {};
    for (const v of values.values()) {
      if (v.count > threshold) ubiquitousByKind[v.kind] = (ubiquitousByKind[v.kind] ?? 0) + 1;
      else if (v.count >= 2) recurringByKind[v.kind] = (recurringByKind[v.kind] ?? 0) + 1;
    }
    const sizeRow = await client.query<{ size: string }>(`SELECT pg_database_size(current_database())::text AS size`);
    return {
      reports: options.reports,
      indicators: indicatorRows,
      distinctIndicators: values.size,
      ubiquitousIndicators: countRows.filter((r) => r.ubiquitous_since).length,
      ubiquitousByKind,
      recurringByKind,
      matches: matchRows,
      personalDataSections: personal,
      probeTargets: new Rng(options.seed).sample(probeTargets, probeTargets.length),
      seconds: (performance.now() - started) / 1000,
      databaseBytes: Number(sizeRow.rows[0].size),
    };
  } finally {
    await client.end();
  }
}

async function insertOperations(client: Client, operations: readonly OperationSeed[], now: Date): Promise<void> {
  const at = now.toISOString();
  await insertRows(
    client,
    'operation',
    operations.map((o) => ({
      id: o.id,
      name: o.name,
      commodity_focus: o.commodityFocus,
      starts_on: o.startsOn,
      ends_on: o.endsOn,
      state: o.state,
      coordinator_member: o.coordinatorMember,
      coordinator_subject: `coordinator-${o.coordinatorMember.toLowerCase()}`,
      required_fields: o.requiredFields,
      version: 1,
      created_at: at,
      updated_at: at,
    })),
  );
  await insertRows(
    client,
    'operation_participant',
    operations.flatMap((o) => o.participants.map((member) => ({ operation_id: o.id, member, admitted_at: at }))),
  );
}

interface Batch {
  reports: object[];
  versions: object[];
  personalRows: object[];
  indicators: object[];
  matches: object[];
}

async function insertBatch(client: Client, batch: Batch): Promise<void> {
  await client.query('BEGIN');
  await insertRows(client, 'report', batch.reports);
  await insertRows(client, 'report_version', batch.versions);
  await insertRows(client, 'restricted.report_personal_data', batch.personalRows);
  await insertRows(client, 'report_indicator', batch.indicators);
  await insertRows(client, 'report_match', batch.matches);
  await client.query('COMMIT');
}

/** One INSERT for many rows; columns are matched by name, so a column the service adds without default fails loudly. */
async function insertRows(client: Client, table: string, rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const list = columns.map((c) => `"${c}"`).join(', ');
  await client.query(`INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table}, $1::json)`, [
    JSON.stringify(rows),
  ]);
}
