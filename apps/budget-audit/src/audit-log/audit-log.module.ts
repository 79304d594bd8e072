/* Placeholder until the audit-log feature lands; the lead replaces this file on merge. */
import { Module } from '@nestjs/common';
import { AuditLogService } from './audit-log.service';

@Module({ providers: [AuditLogService], exports: [AuditLogService] })
export class AuditLogModule {}
