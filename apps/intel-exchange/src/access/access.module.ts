import { Module } from '@nestjs/common';
import { OperationsModule } from '../operations/operations.module';
import { ReportAccessRepository } from './report-access.repository';
import { ReportAccessService } from './report-access.service';

@Module({
  imports: [OperationsModule],
  providers: [ReportAccessRepository, ReportAccessService],
  exports: [ReportAccessService],
})
export class AccessModule {}
