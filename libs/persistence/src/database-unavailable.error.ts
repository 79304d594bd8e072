import { EX_UNAVAILABLE, StartupError } from '@wco/config';

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);
/** PostgreSQL SQLSTATEs that mean "you may not connect" rather than "your query is wrong". */
const REFUSED = new Set(['28P01', '28000', '3D000', '57P03', '53300']);

/** The PostgreSQL server cannot be used at start-up: names where and why, without a stack trace. */
export class DatabaseUnavailableError extends StartupError {
  constructor(
    readonly hostPort: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`PostgreSQL at ${hostPort} is unavailable (DATABASE_URL): ${reason}`, EX_UNAVAILABLE, options);
  }
}

export function hostPortOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}`;
  } catch {
    return 'an invalid DATABASE_URL';
  }
}

/** Turns a connection failure into DatabaseUnavailableError; other errors are returned unchanged. */
export function asDatabaseUnavailable(error: unknown, url: string): unknown {
  if (error instanceof DatabaseUnavailableError) return error;
  const e = error as { code?: string; message?: string; errors?: { code?: string; message?: string }[] };
  // A hostname with several addresses fails with an AggregateError whose parts carry the codes.
  const code = e?.code ?? e?.errors?.[0]?.code;
  const message = e?.message || e?.errors?.map((x) => x.message).join('; ') || String(error);
  if ((code && (UNREACHABLE.has(code) || REFUSED.has(code))) || /timeout|terminated unexpectedly/i.test(message)) {
    return new DatabaseUnavailableError(hostPortOf(url), code && !message.includes(code) ? `${code} ${message}` : message, {
      cause: error,
    });
  }
  return error;
}
