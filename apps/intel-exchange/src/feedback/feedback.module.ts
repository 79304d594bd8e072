import { Module } from '@nestjs/common';
import { CorrelationModule } from '../correlation/correlation.module';
import { OperationsModule } from '../operations/operations.module';
import { ReportsModule } from '../reports/reports.module';
import { FeedbackController } from './feedback.controller';
import { FeedbackService } from './feedback.service';

@Module({
  imports: [ReportsModule, CorrelationModule, OperationsModule],
  controllers: [FeedbackController],
  providers: [FeedbackService],
})
export class FeedbackModule {}
