/* The auditor's reconciliation against the running service: real budget activity through the HTTP API (PostgreSQL,
 * outbox relay, Kafka), the independent verifier run as a child process with `--api` and an auditor's token; it must
 * agree with the trial balance and budget vs actual the API shows, and name the year, line or account, and column
 * once the database behind the API is changed without the audit log. */
import { Topics } from '@wco/contracts';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditor, BudgetAuditTestApp, financeOfficer, startBudgetAuditApp } from '../testing/budget-audit-test-app';
import { acceptBudget, openYear } from '../testing/budget-fixtures';
import { runVerifier, type VerifierRun } from '../testing/verifier-cli';

jest.setTimeout(180_000);

const YEAR = 2031;
const A = '3.10.001';
const B = '3.10.002';
const C = '3.10.003';
const officer = financeOfficer();

describe('the verifier reconciles the stream with the running service (--api): trial balance and budget vs actual', () => {
  let t: BudgetAuditTestApp;
  let dir: string;
  let keyFile: string;
  let topic: string;
  let api: string[];
  let genuine: VerifierRun;
  let directEntry: string;

  const ok = async (res: Promise<{ status: number; body: unknown }>, ...status: number[]): Promise<any> => {
    const r = await res;
    if (!status.includes(r.status)) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const settled = async (): Promise<void> => {
    // Every entry signed, then every outbox row relayed to the topic.
    await ok(t.call(auditor, 'POST', '/audit-log/tree-heads'), 200, 201);
    for (let i = 0; i < 200 && (await t.count('outbox')) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await t.count('outbox')).toBe(0);
  };
  /** The database behind the API changed directly, as an insider would: no audit entry. */
  const behindTheLog = async (sql: string, params: unknown[], trigger?: string): Promise<void> =>
    t.dataSource.transaction(async (em) => {
      if (trigger) await em.query(`ALTER TABLE posting DISABLE TRIGGER ${trigger}`);
      await em.query(sql, params);
      if (trigger) await em.query(`ALTER TABLE posting ENABLE TRIGGER ${trigger}`);
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-reconcile-'));
    const signingKeyFile = join(dir, 'signing-key.pem');
    const signingKey = generateKeyPairSync('ed25519').privateKey;
    writeFileSync(signingKeyFile, signingKey.export({ type: 'pkcs8', format: 'pem' }));
    Object.assign(process.env, { AUDIT_SIGNING_KEY_FILE: signingKeyFile, AUDIT_TREE_HEAD_INTERVAL_MS: '0' });
    t = await startBudgetAuditApp('audit_reconcile', { kafka: true });
    topic = t.topics[Topics.BudgetLedger];

    // The year: an original budget of two lines, opened; a revision adds a third line and raises A.
    await openYear(t, YEAR, [
      { code: A, appropriationCents: 1_000_000, programme: 'SP1' },
      { code: B, appropriationCents: 400_000, programme: 'SP2' },
    ]);
    await acceptBudget(t, YEAR, [
      { code: A, appropriationCents: 1_200_000, programme: 'SP1' },
      { code: B, appropriationCents: 400_000, programme: 'SP2' },
      { code: C, appropriationCents: 50_000, programme: 'SP3' },
    ]);
    // A virement (below the approval threshold: applied at once).
    const virement = { id: randomUUID(), fromLineCode: A, toLineCode: C, amountCents: 150_000, reason: 'Reallocation' };
    expect((await ok(t.call(officer, 'POST', `/fiscal-years/${YEAR}/virements`, virement), 201)).status).toBe('applied');
    // A commitment reserved and partly posted (the rest released), one voided, one posted and its entry reversed.
    const reserve = (amountCents: number, lineCode = A) =>
      ok(
        t.call(officer, 'POST', '/commitments', { id: randomUUID(), fiscalYear: YEAR, lineCode, amountCents, description: 'Mission' }),
        201,
      );
    const partly = await reserve(300_000);
    await ok(t.call(officer, 'POST', `/commitments/${partly.id}/post`, { amountCents: 200_000 }), 200);
    await ok(t.call(officer, 'POST', `/commitments/${(await reserve(20_000, B)).id}/void`), 200);
    const reversed = await reserve(30_000, C);
    const { entryId } = await ok(t.call(officer, 'POST', `/commitments/${reversed.id}/post`, {}), 200);
    await ok(t.call(officer, 'POST', `/journal-entries/${entryId}/reverse`, { id: randomUUID() }), 201);
    await reserve(40_000, B); // still pending
    // A standard entry charging line B.
    directEntry = randomUUID();
    await ok(
      t.call(officer, 'POST', '/journal-entries', {
        id: directEntry,
        fiscalYear: YEAR,
        description: 'Direct expense',
        postings: [
          { account: '6000', side: 'debit', amountCents: 75_000, lineCode: B },
          { account: '1000', side: 'credit', amountCents: 75_000 },
        ],
      }),
      201,
    );
    await settled();

    await t.app.listen({ port: 0, host: '127.0.0.1' });
    keyFile = join(dir, 'audit-log-key.pem');
    writeFileSync(keyFile, (await t.app.inject({ method: 'GET', url: '/.well-known/audit-log-key' })).json().publicKeyPem);
    const tokenFile = join(dir, 'auditor-token.txt');
    writeFileSync(tokenFile, `${await t.token(auditor)}\n`);
    api = ['--api', await t.app.getUrl(), '--token-file', tokenFile];
    genuine = await runVerifier(topic, keyFile, undefined, api);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
    for (const k of ['AUDIT_SIGNING_KEY_FILE', 'AUDIT_TREE_HEAD_INTERVAL_MS']) delete process.env[k];
  });

  it('agrees with the API on the genuine stream, and its budget vs actual is the one the API shows', async () => {
    expect([genuine.code, genuine.result.ok, genuine.result.failure]).toEqual([0, true, undefined]);
    const shown = (await ok(t.call(auditor, 'GET', `/fiscal-years/${YEAR}/budget-vs-actual`), 200)) as {
      status: string;
      lines: Record<string, string>[];
      total: Record<string, string>;
    };
    const amounts = ({ code: _c, chapter: _h, article: _a, line: _l, title: _t, programme: _p, ...rest }: Record<string, string>) => rest;
    const recomputed = genuine.result.budgetVsActual?.[YEAR];
    expect(recomputed?.status).toBe(shown.status);
    expect(recomputed?.lines.map((l) => [l.code, l.programme, amounts(l)])).toEqual(
      shown.lines.map((l) => [l.code, l.programme, amounts(l)]),
    );
    expect(amounts(recomputed?.total ?? {})).toEqual(amounts(shown.total));
    // Hand-computed: A = 1 200 000 − 150 000 virement, 200 000 posted; B: 40 000 pending, 75 000 direct;
    // C = 50 000 + 150 000, its posted 30 000 reversed (off spent and obligated); originals of the first version only.
    expect(Object.fromEntries(recomputed?.lines.map((l) => [l.code, amounts(l)]) ?? [])).toEqual({
      [A]: figures(1_000_000, 1_050_000, 0, 200_000, 200_000),
      [B]: figures(400_000, 400_000, 40_000, 0, 75_000),
      [C]: figures(0, 200_000, 0, 0, 0),
    });
  });

  it('names the year, line and column when a line is changed in the database without the audit log', async () => {
    await behindTheLog(`UPDATE budget_line SET final_cents = final_cents + 1 WHERE fiscal_year = $1 AND code = $2`, [YEAR, C]);
    const run = await runVerifier(topic, keyFile, undefined, api);
    await behindTheLog(`UPDATE budget_line SET final_cents = final_cents - 1 WHERE fiscal_year = $1 AND code = $2`, [YEAR, C]);
    expect([run.code, run.result.failure?.code]).toEqual([1, 'api_mismatch']);
    expect(run.result.failure?.message).toBe(
      `The API's budget vs actual for ${YEAR} shows the final budget (finalCents) of line ${C} as 200001 cents, but the audit stream adds up to 200000.`,
    );
  });

  it("names the year, account and figures when a posting's amount is changed in the database without the audit log", async () => {
    const set = (cents: number) =>
      behindTheLog(
        `UPDATE posting SET amount_cents = $3 WHERE entry_id = $1 AND account_code = $2`,
        [directEntry, '1000', -cents],
        'posting_immutable',
      );
    await set(75_100);
    const run = await runVerifier(topic, keyFile, undefined, api);
    await set(75_000);
    expect([run.code, run.result.failure?.code]).toEqual([1, 'api_mismatch']);
    expect(run.result.failure?.message).toBe(
      `The API's trial balance for ${YEAR} shows account 1000 at debit 0 / credit 75100 cents, but the audit stream adds up to debit 0 / credit 75000.`,
    );
    // Restored: the stream and the API agree again.
    expect((await runVerifier(topic, keyFile, undefined, api)).code).toBe(0);
  });
});

function figures(original: number, final: number, committed: number, obligated: number, spent: number): Record<string, string> {
  return {
    originalCents: String(original),
    finalCents: String(final),
    committedCents: String(committed),
    obligatedCents: String(obligated),
    spentCents: String(spent),
    availableCents: String(final - committed - spent),
    differenceCents: String(final - spent),
  };
}
