/*
 * `npm run chaos [-- --seed N --faults N --rate N]` (or CHAOS_SEED, CHAOS_FAULTS, CHAOS_RATE): the long fault
 * schedule, 22 faults by default. Prints the schedule and the result tables, writes tmp/chaos-result.json, and exits
 * 1 when any check failed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runChaos } from './chaos-run';
import { REPO_ROOT } from '@wco/testing';

function option(name: string, envName: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : process.env[envName];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} / ${envName} must be a positive number (got "${raw}")`);
  return value;
}

async function main(): Promise<void> {
  const seed = Math.round(option('seed', 'CHAOS_SEED', Math.floor(Math.random() * 2 ** 31)));
  const faults = Math.round(option('faults', 'CHAOS_FAULTS', 22));
  const ratePerSecond = option('rate', 'CHAOS_RATE', 6);
  const result = await runChaos({ seed, faults, ratePerSecond });
  mkdirSync(join(REPO_ROOT, 'tmp'), { recursive: true });
  writeFileSync(join(REPO_ROOT, 'tmp/chaos-result.json'), JSON.stringify(result, null, 2));
  if (result.violations.length > 0) {
    process.stdout.write(`[chaos] ${result.violations.length} violation(s); replay with CHAOS_SEED=${seed} CHAOS_FAULTS=${faults}\n`);
    process.exit(1);
  }
  process.stdout.write(`[chaos] no violation over ${result.faults.length} faults (seed ${seed})\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`[chaos] failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
