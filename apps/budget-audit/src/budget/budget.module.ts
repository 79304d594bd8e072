import { Module } from '@nestjs/common';
import { AuditLogModule } from '../audit-log/audit-log.module';
import { BudgetVersionsController, FiscalYearsController } from './budget.controller';
import { BudgetRepository } from './budget.repository';
import { BudgetService } from './budget.service';
import { VirementsController } from './virements.controller';
import { VirementsService } from './virements.service';

@Module({
  imports: [AuditLogModule],
  controllers: [FiscalYearsController, BudgetVersionsController, VirementsController],
  providers: [BudgetService, BudgetRepository, VirementsService],
  exports: [BudgetService, BudgetRepository],
})
export class BudgetModule {}
