import { DynamicModule, Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { FUNDING_CONSUMER_OPTIONS, FundingConsumer, FundingConsumerOptions } from './funding.consumer';
import { FundingService } from './funding.service';

@Module({})
export class FundingModule {
  /** `consume: false` (tests without Kafka) provides the saga's handlers without running the consumer group. */
  static forRoot(options: FundingConsumerOptions & { consume: boolean }): DynamicModule {
    return {
      module: FundingModule,
      imports: [LedgerModule],
      providers: [FundingService, ...(options.consume ? [{ provide: FUNDING_CONSUMER_OPTIONS, useValue: options }, FundingConsumer] : [])],
      exports: [FundingService],
    };
  }
}
