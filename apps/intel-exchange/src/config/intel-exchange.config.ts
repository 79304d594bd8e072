import { BaseServiceConfig, BooleanFromEnv, IntFromEnv } from '@wco/config';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';

export class IntelExchangeConfig extends BaseServiceConfig {
  override SERVICE_NAME = 'intel-exchange';
  override PORT = 3001;

  /** An indicator value found in more reports than this stops matching (MISP's correlation blow-up). */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 2 and 100000' })
  @Min(2, { message: 'must be an integer between 2 and 100000' })
  @Max(100_000, { message: 'must be an integer between 2 and 100000' })
  CORRELATION_UBIQUITY_THRESHOLD = 50;

  /** How often the retention job looks for reports past their retention date; 0 disables the timer. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 0 and 86400000 (milliseconds)' })
  @Min(0, { message: 'must be an integer between 0 and 86400000 (milliseconds)' })
  @Max(86_400_000, { message: 'must be an integer between 0 and 86400000 (milliseconds)' })
  RETENTION_SWEEP_INTERVAL_MS = 3_600_000;

  /** Reports one retention sweep claims per transaction. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 1 and 10000' })
  @Min(1, { message: 'must be an integer between 1 and 10000' })
  @Max(10_000, { message: 'must be an integer between 1 and 10000' })
  RETENTION_BATCH_SIZE = 100;

  /**
   * Publish the outbox from this process. `false` serves the API only, with the relay running as its own process
   * (`relay-main.ts`), so that either can be restarted or scaled without the other.
   */
  @BooleanFromEnv()
  @IsBoolean({ message: 'must be true or false' })
  OUTBOX_RELAY = true;
}
