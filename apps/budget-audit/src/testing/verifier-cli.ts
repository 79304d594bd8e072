/* The independent verifier (apps/audit-verifier) run as the auditor runs it: a child process reading a real topic. */
import { testInfra } from '@wco/testing';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../../..');

export interface VerifierRun {
  code: number | null;
  result: {
    ok: boolean;
    failure?: { code: string; message: string };
    summary?: { entries: number; treeHeads: number };
    trialBalances?: unknown;
    budgetVsActual?: Record<string, { status: string | null; lines: Record<string, string>[]; total: Record<string, string> }>;
  };
}

/**
 * `--json` run of the verifier on `topic`. `keyFile`: a URL is the service's well-known route, anything else a key
 * file the auditor keeps; `extra`: more arguments (`--api URL --token-file F`).
 */
export function runVerifier(topic: string, keyFile: string, stateFile?: string, extra: string[] = []): Promise<VerifierRun> {
  const key = keyFile.startsWith('http') ? ['--key-url', keyFile] : ['--key-file', keyFile];
  const args = [
    '--require',
    '@swc-node/register',
    'apps/audit-verifier/src/verify.ts',
    '--brokers',
    testInfra().kafkaBrokers.join(','),
    '--topic',
    topic,
    ...key,
    '--json',
    '--idle-seconds',
    '3',
    ...extra,
  ];
  if (stateFile) args.push('--state', stateFile);
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      args,
      { cwd: ROOT, env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.json' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? null) : 0;
        try {
          done({ code, result: JSON.parse(stdout) });
        } catch {
          fail(new Error(`verifier exited ${code} without JSON: ${stdout}\n${stderr}`));
        }
      },
    );
  });
}
