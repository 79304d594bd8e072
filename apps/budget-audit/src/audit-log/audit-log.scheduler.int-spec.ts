import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditor, BudgetAuditTestApp, startBudgetAuditApp } from '../testing/budget-audit-test-app';
import { AuditLogService } from './audit-log.service';

jest.setTimeout(60_000);

describe('budget-audit audit log: a tree head every AUDIT_TREE_HEAD_INTERVAL_MS when entries arrived', () => {
  let t: BudgetAuditTestApp;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-timer-'));
    const keyFile = join(dir, 'signing-key.pem');
    writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    Object.assign(process.env, { AUDIT_SIGNING_KEY_FILE: keyFile, AUDIT_TREE_HEAD_EVERY: '1000', AUDIT_TREE_HEAD_INTERVAL_MS: '200' });
    t = await startBudgetAuditApp('audit_timer');
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
    for (const k of ['AUDIT_SIGNING_KEY_FILE', 'AUDIT_TREE_HEAD_EVERY', 'AUDIT_TREE_HEAD_INTERVAL_MS']) delete process.env[k];
  });

  const latest = async (): Promise<number | undefined> => {
    const res = await t.call(auditor, 'GET', '/audit-log/tree-heads/latest');
    return res.status === 200 ? res.body.treeSize : undefined;
  };
  const waitForHead = async (size: number): Promise<void> => {
    for (let i = 0; i < 100 && (await latest()) !== size; i++) await new Promise((r) => setTimeout(r, 100));
  };

  it('signs nothing while the log is empty, then a head at the current size shortly after entries arrive', async () => {
    await new Promise((r) => setTimeout(r, 600));
    expect(await latest()).toBeUndefined();
    const log = t.app.get(AuditLogService);
    await t.dataSource.transaction((em) => log.append(em, [{ kind: 'fiscal_year.open', aggregateId: '2027', payload: { year: 2027 } }]));
    await waitForHead(1);
    expect(await latest()).toBe(1);
    await t.dataSource.transaction((em) =>
      log.append(em, [
        { kind: 'fiscal_year.closing', aggregateId: '2027', payload: { year: 2027 } },
        { kind: 'fiscal_year.closed', aggregateId: '2027', payload: { year: 2027 } },
      ]),
    );
    await waitForHead(3);
    expect(await latest()).toBe(3);
    // No new entries: no new head (sizes strictly increase).
    await new Promise((r) => setTimeout(r, 600));
    expect(await t.count('audit_tree_head')).toBe(2);
  });
});
