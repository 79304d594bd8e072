import { Module } from '@nestjs/common';
import { CorrelationModule } from '../correlation/correlation.module';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

@Module({
  imports: [CorrelationModule],
  providers: [RetentionRepository, RetentionService],
  exports: [RetentionService],
})
export class RetentionModule {}
