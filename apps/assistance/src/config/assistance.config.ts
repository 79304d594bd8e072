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
   * How long a funding request may wait for budget-audit's answer before the mission shows it as overdue and a
   * coordinator may request it again (same mission id: budget-audit dedupes by it).
   */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 1 and 604800 (seconds)' })
  @Min(1, { message: 'must be an integer between 1 and 604800 (seconds)' })
  @Max(604_800, { message: 'must be an integer between 1 and 604800 (seconds)' })
  FUNDING_REPLY_TIMEOUT_SECONDS = 3600;
}
