import { Module } from '@nestjs/common';
import { CorrelationModule } from '../correlation/correlation.module';
import { OperationsModule } from '../operations/operations.module';
import { AccessModule } from '../access/access.module';
import { FeedbackController } from './feedback.controller';
import { FeedbackRepository } from './feedback.repository';
import { FeedbackService } from './feedback.service';

@Module({
  imports: [AccessModule, CorrelationModule, OperationsModule],
  controllers: [FeedbackController],
  providers: [FeedbackRepository, FeedbackService],
})
export class FeedbackModule {}
