/**
 * A failure that prevents a service from starting and that the operator can fix (bad configuration, database or
 * broker unreachable). `exitOnStartupError` prints its message as one clear line, without a stack trace, and exits
 * with `exitCode` (sysexits.h codes: 78 EX_CONFIG, 69 EX_UNAVAILABLE).
 */
export class StartupError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export const EX_CONFIG = 78;
export const EX_UNAVAILABLE = 69;
export const EX_SOFTWARE = 70;
