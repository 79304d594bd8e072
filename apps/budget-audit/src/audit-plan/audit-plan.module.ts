import { Module } from '@nestjs/common';
import { AuditLogModule } from '../audit-log/audit-log.module';
import { AuditFollowUpService } from './audit-follow-up.service';
import { AuditOverdueScheduler } from './audit-overdue.scheduler';
import {
  AuditEngagementsController,
  AuditFindingsController,
  AuditPlansController,
  AuditRecommendationsController,
} from './audit-plan.controller';
import { AuditPlanRepository } from './audit-plan.repository';
import { AuditPlanService } from './audit-plan.service';

@Module({
  imports: [AuditLogModule],
  controllers: [AuditPlansController, AuditEngagementsController, AuditFindingsController, AuditRecommendationsController],
  providers: [AuditPlanRepository, AuditPlanService, AuditFollowUpService, AuditOverdueScheduler],
  exports: [AuditFollowUpService],
})
export class AuditPlanModule {}
