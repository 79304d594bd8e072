import { Module } from '@nestjs/common';
import { OperationsModule } from '../operations/operations.module';
import { ReceiptsModule } from '../receipts/receipts.module';
import { ReportsModule } from '../reports/reports.module';
import { StixController } from './stix.controller';
import { StixExportService } from './stix-export.service';

@Module({
  imports: [ReportsModule, OperationsModule, ReceiptsModule],
  controllers: [StixController],
  providers: [StixExportService],
})
export class ExportModule {}
