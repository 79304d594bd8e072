import { BaseServiceConfig, IntFromEnv } from '@wco/config';
import { MAX_AMOUNT_CENTS } from '@wco/contracts';
import { IsInt, Max, Min } from 'class-validator';

/**
 * budget-audit's configuration: the platform's variables (database, broker, auth, logging) with this service's
 * defaults. A variable of its own is a validated property here (see libs/config/README.md), never a process.env read.
 */
export class BudgetAuditConfig extends BaseServiceConfig {
  override SERVICE_NAME = 'budget-audit';
  override PORT = 3002;

  /** A transfer between budget lines (virement) above this many EUR cents needs the Finance Committee's approval. */
  @IntFromEnv()
  @IsInt({ message: `must be EUR integer cents between 0 and ${MAX_AMOUNT_CENTS}` })
  @Min(0, { message: `must be EUR integer cents between 0 and ${MAX_AMOUNT_CENTS}` })
  @Max(MAX_AMOUNT_CENTS, { message: `must be EUR integer cents between 0 and ${MAX_AMOUNT_CENTS}` })
  VIREMENT_APPROVAL_THRESHOLD_CENTS = 5_000_000;

  /** How often the audit follow-up job looks for overdue recommendations (milliseconds); 0 turns the timer off. */
  @IntFromEnv()
  @IsInt({ message: 'must be milliseconds between 0 and 86400000' })
  @Min(0, { message: 'must be milliseconds between 0 and 86400000' })
  @Max(86_400_000, { message: 'must be milliseconds between 0 and 86400000' })
  AUDIT_FOLLOWUP_INTERVAL_MS = 3_600_000;
}
