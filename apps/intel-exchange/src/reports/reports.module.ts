import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { CorrelationModule } from '../correlation/correlation.module';
import { OperationsModule } from '../operations/operations.module';
import { ReceiptsModule } from '../receipts/receipts.module';
import { ReportCorrectionsService } from './report-corrections.service';
import { ReportListingService } from './report-listing.service';
import { ReportSubmissionService } from './report-submission.service';
import { ReportVersionsService } from './report-versions.service';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';

@Module({
  imports: [AccessModule, OperationsModule, CorrelationModule, ReceiptsModule],
  controllers: [ReportsController],
  providers: [ReportsRepository, ReportSubmissionService, ReportVersionsService, ReportCorrectionsService, ReportListingService],
  exports: [ReportVersionsService],
})
export class ReportsModule {}
