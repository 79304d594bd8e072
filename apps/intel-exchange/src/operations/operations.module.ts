import { Module } from '@nestjs/common';
import { OperationTemplatesController } from './operation-templates.controller';
import { OperationTemplatesService } from './operation-templates.service';
import { OperationsController } from './operations.controller';
import { OperationsRepository } from './operations.repository';
import { OperationsService } from './operations.service';

@Module({
  controllers: [OperationsController, OperationTemplatesController],
  providers: [OperationsRepository, OperationsService, OperationTemplatesService],
  exports: [OperationsService],
})
export class OperationsModule {}
