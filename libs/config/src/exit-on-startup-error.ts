import { EX_SOFTWARE, StartupError } from './startup-error';

export interface StartupFailureOptions {
  /** Prefix of the printed line, usually the service name. */
  label?: string;
  /** Turns other known failures (e.g. a broker client's connection error) into a StartupError. */
  classify?: (error: unknown) => StartupError | undefined;
  /** For tests; defaults to process.stderr / process.exit. */
  write?: (line: string) => void;
  exit?: (code: number) => never;
}

/**
 * Runs the start-up sequence. A `StartupError` (config, database, broker) is printed as one line without a stack
 * trace and ends the process with its exit code; anything else is a bug, so its stack is printed (exit 70).
 */
export async function exitOnStartupError<T>(fn: () => T | Promise<T>, options: StartupFailureOptions = {}): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
    const exit = options.exit ?? ((code: number) => process.exit(code));
    const label = options.label ? `${options.label}: ` : '';
    const known = error instanceof StartupError ? error : options.classify?.(error);
    if (known) {
      write(`${label}start-up failed: ${known.message}`);
      return exit(known.exitCode);
    }
    write(`${label}start-up failed with an unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return exit(EX_SOFTWARE);
  }
}

/** Alias kept for main.ts files that only load configuration. */
export const exitOnConfigError = exitOnStartupError;
