import { JsonLogger } from './json-logger';

/**
 * Node prints process warnings (deprecations, a negative timeout in kafkajs 2.2.4's request queue on Node 24, a
 * listener leak) as plain text on stderr: the one kind of line that would not be JSON. This replaces Node's
 * default printer with a JSON `warn` entry, each distinct warning once per process so a warning raised per
 * request cannot flood the log.
 */
export function logProcessWarningsAsJson(service: string, write?: (line: string) => void): void {
  const logger = new JsonLogger({ service, context: 'process', level: 'warn', write });
  const seen = new Set<string>();
  process.removeAllListeners('warning');
  process.on('warning', (warning: Error & { code?: string }) => {
    const key = `${warning.name}:${warning.code ?? ''}:${warning.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    logger.warn({ msg: `${warning.name}: ${warning.message}`, warning: { name: warning.name, code: warning.code } });
  });
}
