import { Module } from '@nestjs/common';
import { AuditLogModule } from '../audit-log/audit-log.module';
import { AccountsService } from './accounts.service';
import { CommitmentsService } from './commitments.service';
import { JournalService } from './journal.service';
import { AccountsController, CommitmentsController, JournalController } from './ledger.controller';
import { LedgerRepository } from './ledger.repository';

@Module({
  imports: [AuditLogModule],
  controllers: [JournalController, AccountsController, CommitmentsController],
  providers: [AccountsService, JournalService, CommitmentsService, LedgerRepository],
  exports: [CommitmentsService, LedgerRepository],
})
export class LedgerModule {}
