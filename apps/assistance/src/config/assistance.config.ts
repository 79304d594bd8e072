import { BaseServiceConfig, IntFromEnv } from '@wco/config';
import { IsInt, Max, Min } from 'class-validator';

/**
 * assistance's configuration: the platform's variables (database, broker, auth, logging) with this service's
 * defaults. A variable of its own is a validated property here (see libs/config/README.md), never a process.env read.
 */
export class AssistanceConfig extends BaseServiceConfig {
  override SERVICE_NAME = 'assistance';
  override PORT = 3003;
  /**
   * Workflow events (a request moved, a mission planned) are read by people and sagas in seconds, not milliseconds:
   * under load the relay gathers 60 ms of them per claim. Measured with the workflow bench, 12 rounds, 2026-12-03 on
   * the quiet machine: at 20 ms, 10-14 rows per claim and submission/transition at 66.1-86.5 % of the same writes
   * without the outbox (below 70 % in 1 of 9 runs); at 60 ms, 26-49 rows per claim and 77.7-86.8 % (4 runs). A quiet
   * relay still claims an event at once: the linger adds latency under load only.
   */
  override OUTBOX_RELAY_LINGER_MS = 60;

  /**
   * How long a funding request waits for budget-audit's answer before it is sent again (the first wait; each
   * automatic re-request waits twice as long as the one before).
   */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 1 and 604800 (seconds)' })
  @Min(1, { message: 'must be an integer between 1 and 604800 (seconds)' })
  @Max(604_800, { message: 'must be an integer between 1 and 604800 (seconds)' })
  FUNDING_REPLY_TIMEOUT_SECONDS = 3600;

  /**
   * How many times a funding request that got no answer is sent again automatically (same mission id, which is
   * the saga's idempotency key: budget-audit reserves once per mission and answers a repeat as before). When they
   * are used up the mission shows `fundingOverdue` and a coordinator may request it again. 0 = never re-request.
   */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 0 and 10' })
  @Min(0, { message: 'must be an integer between 0 and 10' })
  @Max(10, { message: 'must be an integer between 0 and 10' })
  FUNDING_RETRY_MAX_ATTEMPTS = 3;

  /** How often the scheduler looks for funding requests whose wait is over. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 1 and 3600 (seconds)' })
  @Min(1, { message: 'must be an integer between 1 and 3600 (seconds)' })
  @Max(3600, { message: 'must be an integer between 1 and 3600 (seconds)' })
  FUNDING_RETRY_POLL_SECONDS = 30;
}
