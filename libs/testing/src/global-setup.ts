/* Resolves the infrastructure once for the whole Jest run:
 *  1. DATABASE_URL / KAFKA_BROKERS from the environment (what `npm test` sets up),
 *  2. else Testcontainers when a Docker engine answers,
 *  3. else the local server and broker on 127.0.0.1 (the CI path on machines without Docker),
 * and fails with one clear message when nothing works. */
import {
  DEFAULT_DATABASE_URL,
  DEFAULT_KAFKA_BROKERS,
  dockerEngineAvailable,
  hostPortOfDatabaseUrl,
  parseBrokers,
  tcpReachable,
} from './infra';
import { startContainers } from './containers';

export default async function globalSetup(): Promise<void> {
  let source: string;
  if (process.env['DATABASE_URL'] && process.env['KAFKA_BROKERS']) {
    source = 'environment';
  } else if (dockerEngineAvailable()) {
    const started = await startContainers();
    process.env['DATABASE_URL'] ??= started.databaseUrl;
    process.env['KAFKA_BROKERS'] ??= started.kafkaBrokers;
    source = 'testcontainers';
  } else {
    process.env['DATABASE_URL'] ??= DEFAULT_DATABASE_URL;
    process.env['KAFKA_BROKERS'] ??= DEFAULT_KAFKA_BROKERS;
    source = 'local';
  }
  process.env['WCO_TEST_INFRA_SOURCE'] = source;

  const problems: string[] = [];
  const db = hostPortOfDatabaseUrl(process.env['DATABASE_URL'] as string);
  if (!(await tcpReachable(db))) problems.push(`PostgreSQL is not reachable at ${db} (DATABASE_URL)`);
  const brokers = parseBrokers(process.env['KAFKA_BROKERS'] as string);
  const reachable = await Promise.all(brokers.map((b) => tcpReachable(b)));
  if (!reachable.some(Boolean)) problems.push(`no Kafka broker reachable at ${brokers.join(',')} (KAFKA_BROKERS)`);
  if (problems.length > 0) {
    throw new Error(
      `Test infrastructure unavailable (${source}):\n  - ${problems.join('\n  - ')}\n` +
        'Run the suite with `npm test` (it starts the local broker and checks PostgreSQL), ' +
        'or set DATABASE_URL and KAFKA_BROKERS to running services.',
    );
  }
}
