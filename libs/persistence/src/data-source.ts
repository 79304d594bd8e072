import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, EntitySchema, MigrationInterface } from 'typeorm';
import { asDatabaseUnavailable } from './database-unavailable.error';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM accepts entity classes as Function
type EntityTarget = Function | EntitySchema;
type MigrationClass = new () => MigrationInterface;

export interface ServiceDataSourceOptions {
  /** URL of the server (DATABASE_URL); its database path is replaced by `database`. */
  serverUrl: string;
  /** The service's own database (config.databaseName). */
  database: string;
  entities: EntityTarget[];
  migrations: MigrationClass[];
  poolSize?: number;
  /** Shown in pg_stat_activity, e.g. the service name. */
  applicationName?: string;
  connectTimeoutMs?: number;
}

export interface MigrationLog {
  log(message: string): void;
}

const NAME = /^[a-z_][a-z0-9_-]{0,62}$/;

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** A service's DataSource: never synchronises the schema, never runs migrations by itself, lists entities explicitly. */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl(options.serverUrl, options.database),
    entities: options.entities,
    migrations: options.migrations,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName,
    connectTimeoutMS: options.connectTimeoutMs ?? 5000,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
  });
}

/** initialize() that reports an unreachable server as DatabaseUnavailableError. */
export async function connectDataSource(ds: DataSource, serverUrl: string): Promise<DataSource> {
  try {
    return await ds.initialize();
  } catch (error) {
    throw asDatabaseUnavailable(error, serverUrl);
  }
}

/**
 * Creates the service's database if it does not exist. Idempotent and safe when several replicas start at once:
 * an advisory lock serialises them, and a "already exists" race is treated as success.
 */
export async function ensureDatabase(serverUrl: string, name: string): Promise<boolean> {
  if (!NAME.test(name)) throw new Error(`invalid database name "${name}": use lower-case letters, digits, _ or - (max 63)`);
  const client = new Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw asDatabaseUnavailable(error, serverUrl);
  }
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`wco:create-database:${name}`]);
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE "${name}"`);
      return true;
    } catch (error) {
      // 42P04 duplicate_database, 23505 on pg_database's unique index: another creator won a race the lock missed.
      const code = (error as { code?: string }).code;
      if (code === '42P04' || code === '23505') return false;
      throw error;
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Runs pending migrations, each in its own transaction, and logs what ran. Replicas starting together take turns
 * through an advisory lock so a migration never runs twice.
 */
export async function runMigrations(ds: DataSource, log: MigrationLog = new Logger('Migrations')): Promise<string[]> {
  const lock = ds.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', ['wco:migrations']);
    const ran = await ds.runMigrations({ transaction: 'each' });
    const names = ran.map((m) => m.name);
    log.log(names.length > 0 ? `ran ${names.length} migration(s): ${names.join(', ')}` : 'database schema is up to date');
    return names;
  } finally {
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', ['wco:migrations']).catch(() => undefined);
    await lock.release();
  }
}

export interface PrepareDatabaseOptions extends ServiceDataSourceOptions {
  log?: MigrationLog;
}

/** What a service does at start-up: create its database if needed, connect, migrate. Returns the ready DataSource. */
export async function prepareServiceDatabase(options: PrepareDatabaseOptions): Promise<DataSource> {
  await ensureDatabase(options.serverUrl, options.database);
  const ds = await connectDataSource(createServiceDataSource(options), options.serverUrl);
  try {
    await runMigrations(ds, options.log);
  } catch (error) {
    await ds.destroy();
    throw error;
  }
  return ds;
}
