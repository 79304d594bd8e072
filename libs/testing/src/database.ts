import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { testInfra } from './infra';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Refuses anything that does not look like a throw-away test database, so a mistyped URL cannot wipe real data. */
function assertTestName(name: string): void {
  if (!/^t_[a-z0-9_]+$/.test(name)) throw new Error(`refusing to manage non-test database "${name}"`);
}

export function databaseUrlFor(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates a fresh database on the test server; `drop()` removes it (terminating leftover connections). */
export async function createTestDatabase(prefix = 'db'): Promise<TestDatabase> {
  const server = testInfra().databaseUrl;
  const safePrefix = prefix
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 30);
  const name = `t_${safePrefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  assertTestName(name);
  await withAdmin(server, (c) => c.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: databaseUrlFor(server, name),
    drop: () =>
      withAdmin(server, async (c) => {
        await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
        await c.query(`DROP DATABASE IF EXISTS "${name}"`);
      }),
  };
}

async function withAdmin<T>(serverUrl: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
