import { verifyTreeHead } from '@wco/merkle';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { balancesAsJson, reconcileBudgetWithApi, reconcileWithApi } from './api-reconciliation';
import { budgetsAsJson } from './budget-vs-actual';
import { readTopic } from './kafka-source';
import { parseKeySet, validAt, type VerifierKey } from './keys';
import { StreamVerifier, VerificationBreak, type SavedHead, type VerificationSummary } from './verifier';

export interface CliOptions {
  brokers: string[];
  topic: string;
  keyFile?: string;
  keyUrl?: string;
  stateFile?: string;
  /** The service's base URL, to reconcile the recomputed trial balance with its API. */
  apiUrl?: string;
  tokenFile?: string;
  /** Stop when nothing arrives for this long although end offsets are not reached (they may be transaction markers). */
  idleSeconds: number;
  json: boolean;
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
}

const USAGE = `usage: audit-verifier --brokers host:port[,host:port] (--key-file key.pem | --key-url https://…/.well-known/audit-log-key)
                      [--topic budget.ledger.v1] [--state state.json] [--api https://<budget-audit> --token-file token.txt] [--idle-seconds 10] [--json]`;

export class UsageError extends Error {}

export function parseArgs(argv: string[]): CliOptions {
  const out: CliOptions = { brokers: [], topic: 'budget.ledger.v1', idleSeconds: 10, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--brokers')
      out.brokers = value()
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean);
    else if (a === '--topic') out.topic = value();
    else if (a === '--key-file') out.keyFile = value();
    else if (a === '--key-url') out.keyUrl = value();
    else if (a === '--state') out.stateFile = value();
    else if (a === '--api') out.apiUrl = value();
    else if (a === '--token-file') out.tokenFile = value();
    else if (a === '--idle-seconds') {
      out.idleSeconds = Number(value());
      if (!Number.isInteger(out.idleSeconds) || out.idleSeconds < 1)
        throw new UsageError('--idle-seconds must be a whole number of seconds, at least 1');
    } else if (a === '--json') out.json = true;
    else throw new UsageError(`unknown argument ${a}`);
  }
  if (out.brokers.length === 0) throw new UsageError('--brokers is required');
  if (!out.keyFile === !out.keyUrl) throw new UsageError('give exactly one of --key-file and --key-url');
  if (!out.apiUrl !== !out.tokenFile) throw new UsageError('--api and --token-file go together');
  return out;
}

/**
 * The keys to verify with: a key file (PEM or JWK, or a saved answer of the well-known route with its current and
 * retired keys and their periods), or the route itself.
 */
async function loadKeys(options: CliOptions): Promise<VerifierKey[]> {
  if (options.keyFile) return parseKeySet(readFileSync(options.keyFile, 'utf8'));
  const res = await fetch(options.keyUrl as string);
  if (!res.ok) throw new UsageError(`the key URL answered ${res.status}`);
  return parseKeySet(await res.text());
}

function loadState(file: string | undefined, keys: VerifierKey[]): SavedHead | undefined {
  if (!file || !existsSync(file)) return undefined;
  const saved = JSON.parse(readFileSync(file, 'utf8')) as SavedHead;
  // The auditor's own record must itself be a head the log signed with a key valid at its time, or it proves nothing.
  const key = keys.find((k) => k.keyId === saved.keyId);
  const ok =
    key !== undefined &&
    validAt(key, saved.timestamp) &&
    verifyTreeHead(
      {
        treeSize: saved.treeSize,
        rootHash: Buffer.from(saved.rootHash, 'hex'),
        timestamp: saved.timestamp,
        previousTreeSize: saved.previousTreeSize,
      },
      Buffer.from(saved.signature, 'base64'),
      key.publicKey,
    );
  if (!ok)
    throw new UsageError(
      `the state file ${file} does not hold a tree head signed by ${keys.length === 1 ? 'this key' : 'one of these keys'}`,
    );
  return saved;
}

function saveState(file: string, head: SavedHead): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(head, null, 2)}\n`);
  renameSync(tmp, file);
}

/** The whole run; returns the exit code (0 verified, 1 the stream does not hold, 2 the run could not start). */
export async function runVerifier(argv: string[], io: CliIo): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (e) {
    io.stderr(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  let verifier: StreamVerifier;
  try {
    const keys = await loadKeys(options);
    verifier = new StreamVerifier(keys, loadState(options.stateFile, keys));
  } catch (e) {
    io.stderr(`audit-verifier: ${(e as Error).message}\n`);
    return 2;
  }
  const started = Date.now();
  let total = 0;
  let seen = 0;
  let lastDraw = 0;
  const progress = io.isTty && !options.json;
  const draw = (force = false): void => {
    const now = Date.now();
    if (!force && now - lastDraw < 200) return;
    lastDraw = now;
    const rate = seen / Math.max((now - started) / 1000, 0.001);
    const eta = rate > 0 ? Math.max(0, (total - seen) / rate) : 0;
    const width = 30;
    const filled = total > 0 ? Math.round((seen / total) * width) : width;
    io.stderr(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${seen}/${total} messages  ${Math.round(rate)}/s  ETA ${eta.toFixed(0)} s `,
    );
  };
  try {
    await readTopic({
      brokers: options.brokers,
      topic: options.topic,
      idleMs: options.idleSeconds * 1000,
      onTotal: (n) => (total = n),
      onMessage: (m, partition) => {
        verifier.accept({ key: m.key, value: m.value, headers: m.headers }, { partition, offset: m.offset });
        seen += 1;
        // The clock is read every 4,096 messages only; the bar is redrawn at most every 200 ms.
        if (progress && (seen & 4095) === 0) draw();
      },
    });
    const summary = verifier.finish();
    if (progress) draw(true);
    if (options.apiUrl) {
      const token = readFileSync(options.tokenFile as string, 'utf8').trim();
      const difference =
        (await reconcileWithApi(options.apiUrl, token, verifier.trialBalances)) ??
        (await reconcileBudgetWithApi(options.apiUrl, token, verifier.budgets));
      if (difference) throw new VerificationBreak('api_mismatch', difference);
    }
    if (options.stateFile && summary.lastHead) saveState(options.stateFile, summary.lastHead);
    report(io, options, {
      ok: true,
      summary,
      trialBalances: balancesAsJson(verifier.trialBalances),
      budgetVsActual: budgetsAsJson(verifier.budgets),
      seconds: (Date.now() - started) / 1000,
    });
    return 0;
  } catch (e) {
    if (progress) io.stderr('\n');
    if (e instanceof VerificationBreak) {
      report(io, options, {
        ok: false,
        failure: { code: e.code, message: e.message, ...e.at },
        entries: verifier.entries,
        seconds: (Date.now() - started) / 1000,
      });
      return 1;
    }
    io.stderr(`audit-verifier: could not read the stream: ${(e as Error).message}\n`);
    return 2;
  }
}

type Outcome =
  | {
      ok: true;
      summary: VerificationSummary;
      trialBalances: ReturnType<typeof balancesAsJson>;
      budgetVsActual: ReturnType<typeof budgetsAsJson>;
      seconds: number;
    }
  | { ok: false; failure: { code: string; message: string }; entries: number; seconds: number };

function report(io: CliIo, options: CliOptions, outcome: Outcome): void {
  if (options.json) {
    io.stdout(`${JSON.stringify(outcome)}\n`);
    return;
  }
  if (outcome.ok) {
    const s = outcome.summary;
    io.stdout(
      `Verified ${s.entries} entries and ${s.treeHeads} signed tree heads of ${options.topic} in ${outcome.seconds.toFixed(1)} s: no gap, no duplicate, hash chain intact, every root and signature correct` +
        `${s.lastHead ? `; latest signed size ${s.lastHead.treeSize}, root ${s.lastHead.rootHash}` : ''}.\n` +
        (s.unsignedEntries > 0
          ? `${s.unsignedEntries} entries after the last signed head are chained but not yet covered by a signature.\n`
          : '') +
        (options.apiUrl
          ? `The trial balance and budget vs actual recomputed from the stream agree with the API for every fiscal year in it.\n`
          : ''),
    );
  } else {
    io.stdout(`VERIFICATION FAILED after ${outcome.entries} good entries: ${outcome.failure.message}\n`);
  }
}
