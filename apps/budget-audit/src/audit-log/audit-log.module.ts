import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { loadConfig } from '@wco/config';
import { AuditLogConfig } from './audit-log.config';
import { AUDIT_LOG_CONFIG } from './audit-log.constants';
import { AuditLogController, AuditLogKeyController } from './audit-log.controller';
import { TreeHeadScheduler } from './audit-log.scheduler';
import { AuditLogService } from './audit-log.service';
import { AuditSigningKey } from './audit-log.signing-key';
import { AuditSettledInterceptor } from './audit-settled.interceptor';

@Module({
  controllers: [AuditLogController, AuditLogKeyController],
  providers: [
    { provide: AUDIT_LOG_CONFIG, useFactory: () => loadConfig(AuditLogConfig) },
    // Loaded at start: a missing or wrong key stops the service before it takes a write (fail closed).
    { provide: AuditSigningKey, useFactory: (config: AuditLogConfig) => AuditSigningKey.load(config), inject: [AUDIT_LOG_CONFIG] },
    AuditLogService,
    TreeHeadScheduler,
    { provide: APP_INTERCEPTOR, useClass: AuditSettledInterceptor },
  ],
  exports: [AuditLogService],
})
export class AuditLogModule {}
