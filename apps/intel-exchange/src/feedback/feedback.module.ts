import { Module } from '@nestjs/common';
import { CorrelationModule } from '../correlation/correlation.module';
import { AccessModule } from '../access/access.module';
import { FeedbackController } from './feedback.controller';
import { FeedbackService } from './feedback.service';

@Module({
  imports: [AccessModule, CorrelationModule],
  controllers: [FeedbackController],
  providers: [FeedbackService],
})
export class FeedbackModule {}
