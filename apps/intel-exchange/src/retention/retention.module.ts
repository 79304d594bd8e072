import { Module } from '@nestjs/common';
import { CorrelationModule } from '../correlation/correlation.module';
import { RetentionService } from './retention.service';

@Module({
  imports: [CorrelationModule],
  providers: [RetentionService],
  exports: [RetentionService],
})
export class RetentionModule {}
