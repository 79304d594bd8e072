import { Module } from '@nestjs/common';
import { EvaluationController } from './evaluation.controller';
import { EvaluationService } from './evaluation.service';
import { ReferenceController } from './reference.controller';
import { RequestsController } from './requests.controller';
import { RequestsService } from './requests.service';

@Module({
  controllers: [RequestsController, EvaluationController, ReferenceController],
  providers: [RequestsService, EvaluationService],
  exports: [RequestsService],
})
export class RequestsModule {}
