import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

/** A service of apps/ running as its own Node process, started the way `npm start` starts it. */
export interface ServiceProcess {
  /** `http://127.0.0.1:<port>`, the port the service chose (PORT=0). */
  readonly baseUrl: string;
  /** Every line the process wrote so far, stdout then stderr interleaved as they arrived. */
  lines(): string[];
  /** SIGTERM, then SIGKILL if it has not exited within 15 s; resolves with its exit code or signal. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `apps/<app>/src/main.ts` with `--require @swc-node/register --require libs/telemetry/src/register.ts`
 * (as scripts/platform.sh does) on 127.0.0.1 and a free port, and resolves once it logs that it listens. `env`
 * comes on top of this process's environment: give it at least DATABASE_NAME (a test database), and a SERVICE_NAME
 * of its own when the test must not join the consumer groups of other runs of the same service.
 */
export async function startServiceProcess(app: string, env: Record<string, string>, timeoutMs = 90_000): Promise<ServiceProcess> {
  // The start is recognised by the service's `listening on` info line.
  if (['fatal', 'error', 'warn'].includes(env['LOG_LEVEL'] ?? ''))
    throw new Error(`LOG_LEVEL=${env['LOG_LEVEL']} would hide the line that says ${app} listens`);
  const child = spawn(
    process.execPath,
    ['--require', '@swc-node/register', '--require', './libs/telemetry/src/register.ts', `apps/${app}/src/main.ts`],
    {
      cwd: root,
      env: { ...process.env, SWC_NODE_PROJECT: resolve(root, 'tsconfig.json'), SERVICE_NAME: app, HOST: '127.0.0.1', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const partial = { stdout: '', stderr: '' };
  let onLine: (line: string) => void = () => undefined;
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream].on('data', (chunk: Buffer) => {
      const text = partial[stream] + chunk.toString('utf8');
      const parts = text.split('\n');
      partial[stream] = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        onLine(line);
      }
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => {
      for (const stream of ['stdout', 'stderr'] as const) if (partial[stream]) lines.push(partial[stream]);
      r({ code, signal });
    }),
  );
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`${app} did not start within ${timeoutMs} ms:\n${lines.join('\n')}`)), timeoutMs);
    onLine = (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (typeof entry.port === 'number' && entry.msg?.includes('listening on')) {
          clearTimeout(timer);
          resolvePort(entry.port);
        }
      } catch {
        // not a JSON line (a start-up error printed as text)
      }
    };
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${app} exited during start-up (${code ?? signal}):\n${lines.join('\n')}`));
    });
  });
  onLine = () => undefined;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    lines: () => [...lines],
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        const result = await exited;
        clearTimeout(timer);
        return result;
      }
      return exited;
    },
  };
}
