import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { OperationsModule } from '../operations/operations.module';
import { ReceiptsModule } from '../receipts/receipts.module';
import { ReportsModule } from '../reports/reports.module';
import { StixController } from './stix.controller';
import { StixRepository } from './stix.repository';
import { StixService } from './stix.service';

@Module({
  imports: [AccessModule, ReportsModule, OperationsModule, ReceiptsModule],
  controllers: [StixController],
  providers: [StixService, StixRepository],
})
export class StixModule {}
