/* research-catalogue benchmark: search (selective and broad, facets included) against a plain indexed lookup, a full
 * OAI-PMH harvest, and bulk import against raw inserts of the same rows, all in one run on one database.
 * Run: SWC_NODE_PROJECT=tsconfig.json node --require @swc-node/register bench/research-catalogue/research-catalogue.bench.ts
 * Env: BENCH_PUBLICATIONS (default 100000), BENCH_QUERIES (default 200), BENCH_IMPORT (default 1000), DATABASE_URL;
 * BENCH_EXPLAIN=broad|selective prints the search plan, BENCH_EXPLAIN_OAI=1 the plan of a harvest page. */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { importItems, MAX_IMPORT_ITEMS } from '../../apps/research-catalogue/src/imports/imports.controller';
import { SELECT as HARVEST_SELECT } from '../../apps/research-catalogue/src/oai/oai.repository';
import { OaiService } from '../../apps/research-catalogue/src/oai/oai.service';
import { HARVESTED_SQL } from '../../apps/research-catalogue/src/publications/domain/access-policy';
import { PublicationsRepository } from '../../apps/research-catalogue/src/publications/publications.repository';
import { PublicationsService } from '../../apps/research-catalogue/src/publications/publications.service';
import type { SearchQueryDto } from '../../apps/research-catalogue/src/publications/dto/publication.dto';
import type { VersionMetadata } from '../../apps/research-catalogue/src/publications/publication.records';
import { LANGUAGES, PUBLICATION_TYPES, TOPIC_CODES } from '../../apps/research-catalogue/src/publications/domain/vocabulary';
import type { Language } from '../../apps/research-catalogue/src/publications/domain/vocabulary';
import { startResearchCatalogueApp } from '../../apps/research-catalogue/src/testing/research-catalogue-test-app';
import { publicationBody } from '../../apps/research-catalogue/src/testing/publication-fixtures';

const N = Number(process.env['BENCH_PUBLICATIONS'] ?? 100_000);
const QUERIES = Number(process.env['BENCH_QUERIES'] ?? 200);
const IMPORT = Number(process.env['BENCH_IMPORT'] ?? 1000);

// Realistic enough multilingual text: a customs vocabulary per language, common words and rare ones.
const WORDS: Record<Language, string[]> = {
  en: [
    'customs',
    'border',
    'trade',
    'risk',
    'revenue',
    'valuation',
    'tariff',
    'smuggling',
    'container',
    'port',
    'facilitation',
    'compliance',
    'audit',
    'data',
    'origin',
    'transit',
  ],
  fr: [
    'douane',
    'frontière',
    'commerce',
    'risque',
    'recettes',
    'évaluation',
    'tarif',
    'contrebande',
    'conteneur',
    'développement',
    'facilitation',
    'conformité',
  ],
  es: [
    'aduana',
    'frontera',
    'comercio',
    'riesgo',
    'ingresos',
    'valoración',
    'arancel',
    'contrabando',
    'contenedor',
    'facilitación',
    'cumplimiento',
  ],
  ar: ['الجمارك', 'الحدود', 'التجارة', 'المخاطر', 'الإيرادات', 'التقييم', 'التعريفة', 'التهريب', 'الحاوية', 'الميناء'],
  ru: ['таможня', 'граница', 'торговля', 'риск', 'доходы', 'оценка', 'тариф', 'контрабанда', 'контейнер', 'порт', 'упрощение'],
};

let seed = 42;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
const sentence = (l: Language, n: number) => Array.from({ length: n }, () => pick(WORDS[l])).join(' ');

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timed(n: number, fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await fn(i);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { p50: pct(ms, 50), p95: pct(ms, 95) };
}

async function main(): Promise<void> {
  const t = await startResearchCatalogueApp('research_catalogue_bench', {
    env: { LOG_LEVEL: 'error', OAI_PAGE_SIZE: '500', IMPORT_JOB_INTERVAL_MS: '100' },
  });
  try {
    const repo = t.app.get(PublicationsRepository);
    const service = t.app.get(PublicationsService);
    const oai = t.app.get(OaiService);
    const ids: string[] = [];
    const seedStart = Date.now();
    for (let start = 0; start < N; start += 500) {
      await t.dataSource.transaction(async (em) => {
        for (let i = start; i < Math.min(N, start + 500); i++) {
          const original = pick(LANGUAGES);
          const other = pick(LANGUAGES.filter((l) => l !== original));
          // One publication in 5,000 carries the rare word of the selective query.
          const rare = i % 5000 === 0 ? ' quasicrystal' : '';
          const metadata: VersionMetadata = {
            titles: [
              { language: original, text: sentence(original, 6) + rare, original: true },
              { language: other, text: sentence(other, 6) },
            ],
            abstracts: [{ language: original, text: sentence(original, 40) }],
            creators: [{ familyName: `Author${i % 997}`, givenName: 'A' }],
            topics: [pick(TOPIC_CODES)],
            keywords: [sentence('en', 1)],
            publicationDate: `${2010 + (i % 16)}-0${1 + (i % 9)}-1${i % 10}`,
            licence: 'CC-BY-4.0',
            relatedIdentifiers: [],
            files: [],
          };
          const id = randomUUID();
          const now = new Date(Date.now() - (N - i) * 1000);
          const access = i % 10 === 0 ? 'members' : i % 25 === 0 ? 'restricted' : 'public';
          await repo.insertPublication(
            em,
            {
              id,
              externalId: null,
              type: pick(PUBLICATION_TYPES),
              access,
              restrictedMembers: access === 'restricted' ? ['FR'] : [],
              embargoUntil: null,
              embargoed: false,
              latestVersion: 1,
              withdrawnAt: null,
              withdrawalReason: null,
              createdAt: now,
              updatedAt: now,
            },
            'bench',
          );
          await repo.insertVersion(em, { id: randomUUID(), publicationId: id, version: 1, metadata, createdAt: now }, 'bench');
          ids.push(id);
        }
      });
    }
    // What the service's writes do per record (syncHarvested): harvesters see the public records.
    await t.dataSource.query(`UPDATE publication SET harvested_version = latest_version WHERE access = 'public' AND NOT embargoed`);
    // Flushes the GIN pending lists the bulk seed filled (autovacuum's job in a running database).
    await t.dataSource.query('VACUUM ANALYZE');
    console.log(`seeded ${N} publications in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

    const reader = { subject: 'bench', member: 'DE', roles: [] };
    if (process.env['BENCH_EXPLAIN']) {
      const repoAny = repo as unknown as { hits: (r: unknown, f: unknown, m?: boolean) => { sql: string; params: unknown[] } };
      const { sql, params } = repoAny.hits(reader, { q: process.env['BENCH_EXPLAIN'] === 'broad' ? 'customs' : 'quasicrystal' }, false);
      const plan: { 'QUERY PLAN': string }[] = await t.dataSource.query(`EXPLAIN ANALYZE ${sql} SELECT count(*) FROM hits`, params);
      console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
    }
    const q = (extra: Partial<SearchQueryDto>) => ({ limit: 25, ...extra }) as SearchQueryDto;
    const baseline = await timed(QUERIES, (i) =>
      t.dataSource.query(`SELECT * FROM publication WHERE id = $1`, [ids[(i * 7919) % ids.length]]),
    );
    const selective = await timed(QUERIES, () => service.search(reader, q({ q: 'quasicrystal' })));
    const perTerm = new Map<string, number[]>();
    const broad = await timed(QUERIES, async (i) => {
      const term = pick(['customs', 'douane', 'aduana', 'таможня', 'الجمارك']) + (i % 2 ? '' : ' risk');
      const t0 = performance.now();
      await service.search(reader, q({ q: term }));
      perTerm.set(term, [...(perTerm.get(term) ?? []), performance.now() - t0]);
    });
    const browse = await timed(Math.min(QUERIES, 50), () => service.search(reader, q({})));
    console.log(`baseline (primary-key lookup)    p50 ${baseline.p50.toFixed(2)} ms  p95 ${baseline.p95.toFixed(2)} ms`);
    console.log(`search selective + facets        p50 ${selective.p50.toFixed(2)} ms  p95 ${selective.p95.toFixed(2)} ms`);
    console.log(`search broad + facets            p50 ${broad.p50.toFixed(2)} ms  p95 ${broad.p95.toFixed(2)} ms`);
    console.log(`browse (no query) + facets       p50 ${browse.p50.toFixed(2)} ms  p95 ${browse.p95.toFixed(2)} ms`);
    // Which broad terms make the tail: p50 / max per term, with the number of matches the term has for this reader.
    for (const [term, ms] of [...perTerm].sort((a, b) => a[0].localeCompare(b[0]))) {
      const sorted = [...ms].sort((a, b) => a - b);
      const total = (await service.search(reader, q({ q: term }))).total;
      console.log(
        `  broad "${term}": ${ms.length} queries, p50 ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms, ${total} matches`,
      );
    }

    if (process.env['BENCH_EXPLAIN_OAI']) {
      const plan: { 'QUERY PLAN': string }[] = await t.dataSource.query(
        `EXPLAIN ANALYZE ${HARVEST_SELECT} WHERE ${HARVESTED_SQL} AND date_trunc('second', p.updated_at) <= now() ORDER BY p.updated_at, p.id LIMIT 501`,
      );
      console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
    }
    const h0 = Date.now();
    let harvested = 0;
    let token: string | undefined;
    do {
      const xml = await oai.handle(
        token ? { verb: 'ListRecords', resumptionToken: token } : { verb: 'ListRecords', metadataPrefix: 'oai_dc' },
      );
      harvested += (xml.match(/<record>/g) ?? []).length;
      token = /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/.exec(xml)?.[1];
    } while (token);
    const hs = (Date.now() - h0) / 1000;
    console.log(`OAI-PMH full harvest: ${harvested} records in ${hs.toFixed(1)} s = ${(harvested / hs).toFixed(0)} records/s`);

    const editor = { subject: 'bench-editor', member: 'WCO', roles: ['editor' as const] };
    const items = Array.from({ length: IMPORT }, (_, i) => ({ ...publicationBody(), externalId: `bench-${i}` }));
    const i0 = Date.now();
    // Through the import route's code (validation, then the set-wise write), in chunks of the route's limit.
    for (let start = 0; start < IMPORT; start += MAX_IMPORT_ITEMS) {
      const { created } = await importItems(service, editor, items.slice(start, start + MAX_IMPORT_ITEMS));
      if (created !== Math.min(MAX_IMPORT_ITEMS, IMPORT - start)) throw new Error(`import chunk at ${start}: ${created} created`);
    }
    const importSeconds = (Date.now() - i0) / 1000;
    const r0 = Date.now();
    for (let start = 0; start < IMPORT; start += 500) {
      const chunk = items.slice(start, start + 500);
      await t.dataSource.query(
        `INSERT INTO publication (id, external_id, type, access, embargoed, latest_version, created_by, created_at, updated_at)
         SELECT gen_random_uuid(), x, 'study_report', 'public', false, 1, 'raw', now(), now() FROM unnest($1::text[]) x`,
        [chunk.map((c) => `raw-${c.externalId}`)],
      );
    }
    const rawSeconds = (Date.now() - r0) / 1000;
    console.log(
      `bulk import: ${(IMPORT / importSeconds).toFixed(0)} items/s (validated, versioned, indexed, evented); raw publication-row inserts ${(IMPORT / rawSeconds).toFixed(0)} rows/s`,
    );

    // The same items as one import job: an NDJSON upload through HTTP (app.inject), staged, then worked by the
    // background worker in chunks; timed from the upload's start to the job's completion, polled every 50 ms.
    const body = items.map((item) => JSON.stringify({ ...item, externalId: `job-${item.externalId}` })).join('\n');
    const j0 = Date.now();
    const submitted = await t.call(editor, 'POST', '/import-jobs', body, { 'content-type': 'application/x-ndjson' });
    if (submitted.status !== 202) throw new Error(`import job: ${submitted.status} ${JSON.stringify(submitted.body)}`);
    const stagedSeconds = (Date.now() - j0) / 1000;
    let job: { status: string; created: number; itemsPerSecond: number | null };
    do {
      await new Promise((r) => setTimeout(r, 50));
      job = (await t.call(editor, 'GET', `/import-jobs/${submitted.body.id}`)).body;
    } while (job.status !== 'completed');
    const jobSeconds = (Date.now() - j0) / 1000;
    if (job.created !== IMPORT) throw new Error(`import job: ${job.created} of ${IMPORT} created`);
    console.log(
      `import job: ${IMPORT} items in ${jobSeconds.toFixed(2)} s = ${(IMPORT / jobSeconds).toFixed(0)} items/s end to end (${(IMPORT / jobSeconds / (IMPORT / importSeconds)).toFixed(2)}x the import calls above; upload staged in ${stagedSeconds.toFixed(2)} s; the job's own rate ${job.itemsPerSecond} items/s)`,
    );
  } finally {
    await t.close();
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
