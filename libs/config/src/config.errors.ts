import { EX_CONFIG, StartupError } from './startup-error';

export interface ConfigProblem {
  /** The environment variable, e.g. `PORT`. */
  variable: string;
  /** Why it was refused, e.g. `is required but not set`, `must be an integer between 1 and 65535`. */
  reasons: string[];
}

/** Thrown by `loadConfig` with every bad variable at once, so one start-up attempt shows all that must be fixed. */
export class ConfigError extends StartupError {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `invalid configuration (${problems.length} variable${problems.length === 1 ? '' : 's'}): ` +
        problems.map((p) => `${p.variable} ${p.reasons.join('; ')}`).join(' | '),
      EX_CONFIG,
    );
  }
}
