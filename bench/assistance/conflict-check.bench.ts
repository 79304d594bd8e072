/* The expert-conflict check of an assignment (issue 10: p99 <= 20 ms at 10,000 experts and 100,000 missions), on a
 * seeded throw-away database: the expert row locked, then the overlap query, in one transaction, as
 * MissionsService.assignExpert runs them.
 * Run: SWC_NODE_PROJECT=tsconfig.json node --require @swc-node/register bench/assistance/conflict-check.bench.ts
 * Env: BENCH_EXPERTS (10000), BENCH_MISSIONS (100000), BENCH_CHECKS (2000), DATABASE_URL. */
import 'reflect-metadata';
import { createTestDatabase } from '@wco/testing';
import { DataSource } from 'typeorm';
import { ASSISTANCE_ENTITIES, ASSISTANCE_MIGRATIONS } from '../../apps/assistance/src/database/assistance.data-source';
import { ExpertsRepository } from '../../apps/assistance/src/experts/experts.repository';
import { MissionsRepository } from '../../apps/assistance/src/missions/missions.repository';

const EXPERTS = Number(process.env['BENCH_EXPERTS'] ?? 10_000);
const MISSIONS = Number(process.env['BENCH_MISSIONS'] ?? 100_000);
const CHECKS = Number(process.env['BENCH_CHECKS'] ?? 2_000);

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main(): Promise<void> {
  const db = await createTestDatabase('bench_assistance');
  const ds = new DataSource({
    type: 'postgres',
    url: db.url,
    entities: ASSISTANCE_ENTITIES,
    migrations: ASSISTANCE_MIGRATIONS,
    poolSize: 4,
  });
  await ds.initialize();
  try {
    await ds.runMigrations();
    const t0 = Date.now();
    await ds.query(`
      INSERT INTO assistance_request (id, member, created_by, kind, thematic_area, title, objectives, need_source, need_description,
        period_start, period_end, language, priority, state, version, created_at, updated_at)
      SELECT md5('r' || g)::uuid, 'FR', 'seed', 'expert_mission', 'hs', 'r', 'o', 'free_text', 'd', '2027-01-01', '2027-12-31', 'en', 'low',
        'mission_planning', 1, now(), now() FROM generate_series(1, 1000) g`);
    await ds.query(
      `
      INSERT INTO expert (id, subject, member, languages, thematic_areas, accreditation_programme, accredited_on, accredited_until, created_at)
      SELECT md5('e' || g)::uuid, 'expert-' || g, 'KE', ARRAY['en','fr'], ARRAY['hs','aeo'], 'Mercator', '2020-01-01', '2035-01-01', now()
      FROM generate_series(1, $1::int) g`,
      [EXPERTS],
    );
    // Missions spread over five years, 1 to 10 days long; each with one expert (so ~10 missions per expert).
    await ds.query(
      `
      INSERT INTO mission (id, request_id, member, kind, thematic_area, title, start_date, end_date, location, language, travel_cents,
        subsistence_cents, fees_cents, budget_line, fiscal_year, state, funding_status, version, created_at, updated_at)
      SELECT md5('m' || g)::uuid, md5('r' || (1 + g % 1000))::uuid, 'FR', 'expert_mission', 'hs', 'm',
        date '2025-01-01' + (g * 7919 % 1825), date '2025-01-01' + (g * 7919 % 1825) + (g % 10), 'x', 'en', 1, 1, 1, 'L', 2027,
        CASE WHEN g % 20 = 0 THEN 'cancelled' ELSE 'planned' END, 'not_requested', 1, now(), now()
      FROM generate_series(1, $1::int) g`,
      [MISSIONS],
    );
    await ds.query(
      `
      INSERT INTO mission_expert (mission_id, expert_id, assigned_by, assigned_at)
      SELECT md5('m' || g)::uuid, md5('e' || (1 + g % $2::int))::uuid, 'seed', now() FROM generate_series(1, $1::int) g`,
      [MISSIONS, EXPERTS],
    );
    await ds.query(`ANALYZE`);
    console.log(`seeded ${EXPERTS} experts, ${MISSIONS} missions with their assignments in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const experts = new ExpertsRepository(ds);
    const missions = new MissionsRepository(ds);
    const latencies: number[] = [];
    let overlaps = 0;
    for (let i = 0; i < CHECKS; i += 1) {
      const expertId = (await ds.query(`SELECT md5('e' || $1::text)::uuid AS id`, [1 + ((i * 104_729) % EXPERTS)]))[0].id as string;
      const start = new Date(Date.UTC(2025, 0, 1) + ((i * 613) % 1825) * 86_400_000).toISOString().slice(0, 10);
      const end = new Date(Date.parse(start) + 4 * 86_400_000).toISOString().slice(0, 10);
      const began = process.hrtime.bigint();
      await ds.transaction(async (em) => {
        await experts.findById(expertId, em, true);
        overlaps += (await missions.overlapping(em, expertId, '00000000-0000-4000-8000-000000000000', start, end)).length;
      });
      latencies.push(Number(process.hrtime.bigint() - began) / 1e6);
    }
    const sorted = latencies.sort((a, b) => a - b);
    console.log(
      `conflict check (lock expert + overlap query, one transaction): n=${CHECKS} p50=${pct(sorted, 50).toFixed(2)} ms p99=${pct(sorted, 99).toFixed(2)} ms max=${sorted[sorted.length - 1].toFixed(2)} ms (target p99 <= 20 ms); overlaps found: ${overlaps}`,
    );
  } finally {
    await ds.destroy();
    await db.drop();
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
