import { Module } from '@nestjs/common';
import { OperationsModule } from '../operations/operations.module';
import { ReportAccessService } from './report-access.service';

@Module({
  imports: [OperationsModule],
  providers: [ReportAccessService],
  exports: [ReportAccessService],
})
export class AccessModule {}
