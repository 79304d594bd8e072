import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { DataSource } from 'typeorm';
import { requireChartManager } from '../access/finance-access';
import { AuditLogService } from '../audit-log/audit-log.service';
import { present } from '../common/present';
import { AccountView, CreateAccountDto } from './dto/ledger.dto';
import { COMMITMENT_ACCOUNTS } from './commitments.service';
import { AccountNotFoundError, AccountRequiredError, LedgerIdReusedError } from './ledger.errors';
import { AccountRow, LedgerRepository } from './ledger.repository';

/**
 * The chart of accounts: listed with kind and status, created and deactivated through the API, each change an
 * audit record in the same transaction. Postings read an account's status in their own transaction
 * (`LedgerRepository.shareAccounts`), so a deactivation holds in every process the moment it commits.
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly audit: AuditLogService,
  ) {}

  async list(): Promise<AccountView[]> {
    return (await this.ledger.accounts()).map(accountView);
  }

  /** The code is the account's id: again with the same name and type → the account (created false); else 409. */
  async create(caller: Principal, dto: CreateAccountDto): Promise<{ view: AccountView; created: boolean }> {
    requireChartManager(caller);
    return this.dataSource.transaction(async (em) => {
      const created = await this.ledger.insertAccount(em, { ...dto, by: caller.subject });
      const row = present(await this.ledger.findAccount(dto.code, em), `account ${dto.code}`);
      if (!created) {
        if (row.name !== dto.name || row.type !== dto.type) throw new LedgerIdReusedError('account', dto.code, 'code');
        return { view: accountView(row), created: false };
      }
      await this.audit.append(em, [
        {
          kind: 'ledger.account.created',
          aggregateId: dto.code,
          payload: { account: dto.code, name: dto.name, type: dto.type, by: caller.subject },
        },
      ]);
      return { view: accountView(row), created: true };
    });
  }

  /**
   * active → inactive; an inactive account answers unchanged (no second audit record). The accounts commitments post
   * to (`6000`, `2000`) stay active: deactivating them would leave every pending commitment and the funding saga
   * unable to post (422 `account_required`).
   */
  async deactivate(caller: Principal, code: string): Promise<AccountView> {
    requireChartManager(caller);
    return this.dataSource.transaction(async (em) => {
      // FOR UPDATE waits for the postings in flight that hold the row FOR SHARE.
      const row = await this.ledger.findAccount(code, em, true);
      if (!row) throw new AccountNotFoundError(code);
      if (row.status === 'inactive') return accountView(row);
      if (COMMITMENT_ACCOUNTS.includes(code)) throw new AccountRequiredError(code);
      await this.ledger.deactivateAccount(em, code, caller.subject);
      await this.audit.append(em, [
        {
          kind: 'ledger.account.deactivated',
          aggregateId: code,
          payload: { account: code, from: 'active', to: 'inactive', by: caller.subject },
        },
      ]);
      return accountView(present(await this.ledger.findAccount(code, em), `account ${code}`));
    });
  }
}

function accountView(r: AccountRow): AccountView {
  return {
    code: r.code,
    name: r.name,
    type: r.type,
    status: r.status,
    createdAt: r.created_at.toISOString(),
    deactivatedAt: r.deactivated_at?.toISOString() ?? null,
  };
}
