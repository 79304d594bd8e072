import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { DataSource, type EntityManager } from 'typeorm';
import { requireChartManager } from '../access/finance-access';
import { AuditLogService, type AuditEntryView, type AuditRecord } from '../audit-log/audit-log.service';
import { present } from '../common/present';
import { AccountView, CreateAccountDto, RenameAccountDto } from './dto/ledger.dto';
import { COMMITMENT_ACCOUNTS } from './commitments.service';
import { AccountNotActiveError, AccountNotFoundError, AccountRequiredError, LedgerIdReusedError } from './ledger.errors';
import { AccountRow, LedgerRepository } from './ledger.repository';

/**
 * The chart of accounts: listed with kind and status, created, renamed, deactivated and reactivated through the API, each change an
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
    return this.change(caller, code, async (em, row) => {
      if (row.status === 'inactive') return false;
      if (COMMITMENT_ACCOUNTS.includes(code)) throw new AccountRequiredError(code);
      await this.ledger.deactivateAccount(em, code, caller.subject);
      return { kind: 'ledger.account.deactivated', payload: { account: code, from: 'active', to: 'inactive', by: caller.subject } };
    });
  }

  /** inactive → active, audited; an active account answers unchanged (no second audit record). */
  async reactivate(caller: Principal, code: string): Promise<AccountView> {
    return this.change(caller, code, async (em, row) => {
      if (row.status === 'active') return false;
      await this.ledger.reactivateAccount(em, code);
      return { kind: 'ledger.account.reactivated', payload: { account: code, from: 'inactive', to: 'active', by: caller.subject } };
    });
  }

  /**
   * A new name for an active account, audited with the old and the new; the same name again answers unchanged. An
   * inactive account keeps the name it was retired under (409 `account_not_active`: reactivate it first).
   */
  async rename(caller: Principal, code: string, dto: RenameAccountDto): Promise<AccountView> {
    return this.change(caller, code, async (em, row) => {
      if (row.name === dto.name) return false;
      if (row.status !== 'active') throw new AccountNotActiveError(code);
      await this.ledger.renameAccount(em, code, dto.name);
      return { kind: 'ledger.account.renamed', payload: { account: code, from: row.name, to: dto.name, by: caller.subject } };
    });
  }

  /** The account's history as the audit log holds it (created, renamed, deactivated, reactivated), oldest first. */
  async history(code: string): Promise<AuditEntryView[]> {
    if (!(await this.ledger.findAccount(code))) throw new AccountNotFoundError(code);
    return this.audit.history(code, 'ledger.account.');
  }

  /**
   * One change to one account under its row lock (FOR UPDATE waits for the postings in flight, which hold it FOR
   * SHARE): `apply` makes the change and says what to audit, or false when there is nothing to change.
   */
  private change(
    caller: Principal,
    code: string,
    apply: (em: EntityManager, row: AccountRow) => Promise<Omit<AuditRecord, 'aggregateId'> | false>,
  ): Promise<AccountView> {
    requireChartManager(caller);
    return this.dataSource.transaction(async (em) => {
      const row = await this.ledger.findAccount(code, em, true);
      if (!row) throw new AccountNotFoundError(code);
      const record = await apply(em, row);
      if (record === false) return accountView(row);
      await this.audit.append(em, [{ ...record, aggregateId: code }]);
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
