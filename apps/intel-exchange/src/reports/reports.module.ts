import { Module } from '@nestjs/common';
import { CorrelationModule } from '../correlation/correlation.module';
import { OperationsModule } from '../operations/operations.module';
import { ReceiptsModule } from '../receipts/receipts.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [OperationsModule, CorrelationModule, ReceiptsModule],
  controllers: [ReportsController],
  providers: [ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
