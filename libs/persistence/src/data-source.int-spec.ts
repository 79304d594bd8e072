import { createServer } from 'node:net';
import { createTestDatabase, testInfra } from '@wco/testing';
import { Client } from 'pg';
import { DataSource, OptimisticLockVersionMismatchError } from 'typeorm';
import { connectDataSource, createServiceDataSource, ensureDatabase, prepareServiceDatabase } from './data-source';
import { DatabaseUnavailableError } from './database-unavailable.error';
import { CreateShipment1732780900000, NeverMigratedEntity, ShipmentEntity } from './testing/shipment.fixture';

async function databaseExists(name: string): Promise<boolean> {
  const c = new Client({ connectionString: testInfra().databaseUrl });
  await c.connect();
  try {
    return (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await c.end();
  }
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

describe('service database (real PostgreSQL)', () => {
  it('creates a missing database idempotently, also when replicas race', async () => {
    const db = await createTestDatabase('ensure');
    await db.drop();
    try {
      const results = await Promise.all(Array.from({ length: 5 }, () => ensureDatabase(testInfra().databaseUrl, db.name)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await databaseExists(db.name)).toBe(true);
      expect(await ensureDatabase(testInfra().databaseUrl, db.name)).toBe(false);
    } finally {
      await db.drop();
    }
  });

  it('refuses a database name that could inject SQL', async () => {
    await expect(ensureDatabase(testInfra().databaseUrl, 'x"; DROP DATABASE postgres; --')).rejects.toThrow(/invalid database name/);
  });

  describe('prepared DataSource', () => {
    let ds: DataSource;
    let drop: () => Promise<void>;
    const logged: string[] = [];

    beforeAll(async () => {
      const db = await createTestDatabase('prepare');
      drop = db.drop;
      await db.drop(); // prepareServiceDatabase must create it
      ds = await prepareServiceDatabase({
        serverUrl: testInfra().databaseUrl,
        database: db.name,
        entities: [ShipmentEntity, NeverMigratedEntity],
        migrations: [CreateShipment1732780900000],
        poolSize: 3,
        applicationName: 'persistence-test',
        log: { log: (m) => logged.push(m) },
      });
    });

    afterAll(async () => {
      await ds?.destroy();
      await drop();
    });

    it('ran the migrations and logged which ones', async () => {
      expect(logged).toEqual(['ran 1 migration(s): CreateShipment1732780900000']);
      const tables: { table_name: string }[] = await ds.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
      );
      // No synchronize: the entity without a migration has no table.
      expect(tables.map((t) => t.table_name)).toEqual(['migrations', 'shipment']);
      expect(ds.options.synchronize).toBe(false);
      expect(ds.options.migrationsRun).toBe(false);
    });

    it('does nothing on a second start', async () => {
      const again = await prepareServiceDatabase({
        serverUrl: testInfra().databaseUrl,
        database: (ds.options as { url: string }).url.split('/').pop() as string,
        entities: [ShipmentEntity],
        migrations: [CreateShipment1732780900000],
        log: { log: (m) => logged.push(m) },
      });
      await again.destroy();
      expect(logged[logged.length - 1]).toBe('database schema is up to date');
    });

    it('fills the base columns and refuses a stale version', async () => {
      const repo = ds.getRepository(ShipmentEntity);
      const saved = await repo.save(repo.create({ reference: 'FR-2025-0001' }));
      expect(saved.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(saved.createdAt).toBeInstanceOf(Date);
      expect(saved.version).toBe(1);

      saved.reference = 'FR-2025-0001-rev';
      const updated = await repo.save(saved);
      expect(updated.version).toBe(2);
      expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(saved.createdAt.getTime());

      await expect(
        ds.manager.transaction((m) => m.findOne(ShipmentEntity, { where: { id: saved.id }, lock: { mode: 'optimistic', version: 1 } })),
      ).rejects.toBeInstanceOf(OptimisticLockVersionMismatchError);
    });
  });

  it('reports an unreachable server with host:port and reason', async () => {
    const port = await closedPort();
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const error = await ensureDatabase(url, 'anything').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toBe(
      `PostgreSQL at 127.0.0.1:${port} is unavailable (DATABASE_URL): connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    expect((error as DatabaseUnavailableError).exitCode).toBe(69);

    const ds = createServiceDataSource({ serverUrl: url, database: 'anything', entities: [], migrations: [] });
    await expect(connectDataSource(ds, url)).rejects.toThrow(`PostgreSQL at 127.0.0.1:${port} is unavailable`);
  });
});
