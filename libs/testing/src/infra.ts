import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Socket } from 'node:net';

export interface TestInfra {
  databaseUrl: string;
  kafkaBrokers: string[];
  /** How the infrastructure was found, for the test log. */
  source: 'environment' | 'testcontainers' | 'local';
}

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:9092';

export function parseBrokers(value: string): string[] {
  return value
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
}

/** Infrastructure for tests, as resolved by the global setup (which exports it into the environment). */
export function testInfra(): TestInfra {
  return {
    databaseUrl: process.env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL,
    kafkaBrokers: parseBrokers(process.env['KAFKA_BROKERS'] ?? DEFAULT_KAFKA_BROKERS),
    source: (process.env['WCO_TEST_INFRA_SOURCE'] as TestInfra['source']) ?? 'environment',
  };
}

export function tcpReachable(hostPort: string, timeoutMs = 1500): Promise<boolean> {
  const [host, port] = splitHostPort(hostPort);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

export function splitHostPort(hostPort: string): [string, number] {
  const idx = hostPort.lastIndexOf(':');
  return [hostPort.slice(0, idx), Number(hostPort.slice(idx + 1))];
}

export function hostPortOfDatabaseUrl(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}`;
}

/** True when a Docker engine answers (not just the client being installed). */
export function dockerEngineAvailable(): boolean {
  if (process.env['DOCKER_HOST']) return true;
  if (!existsSync('/var/run/docker.sock')) return false;
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'pipe', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}
