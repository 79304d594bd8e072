import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

/** The repository root (tools/nx-plugin/src/generators/service/testing -> root). */
export const REPO_ROOT = resolve(__dirname, '../../../../../..');

/**
 * What a scratch copy of the repository needs for the generator to run and for its output to be checked the way
 * `npm test` checks the real tree: the workspace configuration, the libs, the deploy project with its spec, the
 * files that spec reads, intel-exchange (the compose and Kubernetes checks start it) and this plugin.
 */
const COPIED = [
  'package.json',
  'package-lock.json',
  'nx.json',
  'tsconfig.base.json',
  'tsconfig.json',
  'eslint.config.mjs',
  'jest.config.js',
  'jest.preset.js',
  'jest.swc.js',
  'docker-compose.yml',
  'Dockerfile',
  '.dockerignore',
  'README.md',
  'libs',
  'deploy',
  'scripts',
  'observability',
  'standards',
  'apps',
  'tools/nx-plugin',
];

export interface RunResult {
  status: number;
  output: string;
}

export class ScratchWorkspace {
  private constructor(readonly root: string) {}

  /** A fresh copy under tmp/ (git-ignored, outside the type-check and lint of the real tree), node_modules linked. */
  static create(label: string): ScratchWorkspace {
    const root = join(REPO_ROOT, 'tmp', `${label}-${Date.now().toString(36)}${randomBytes(3).toString('hex')}`);
    mkdirSync(root, { recursive: true });
    for (const entry of COPIED) {
      const from = join(REPO_ROOT, entry);
      if (!existsSync(from)) continue;
      cpSync(from, join(root, entry), {
        recursive: true,
        filter: (source) => !/(^|\/)(node_modules|\.nx|tmp|dist)(\/|$)/.test(relative(REPO_ROOT, source)),
      });
    }
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    return new ScratchWorkspace(root);
  }

  path(...parts: string[]): string {
    return join(this.root, ...parts);
  }

  /** Runs a command in the scratch tree with an environment that cannot point Nx back at the real workspace. */
  run(command: string, args: string[], extraEnv: Record<string, string> = {}, timeoutMs = 240_000): RunResult {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (!key.startsWith('NX_') && !key.startsWith('JEST_')) env[key] = value;
    }
    Object.assign(
      env,
      { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_SKIP_NX_CACHE: 'true', CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1' },
      extraEnv,
    );
    const result = spawnSync(command, args, { cwd: this.root, env, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    return {
      status: result.status ?? -1,
      output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`,
    };
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
