import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { IdempotencyStore } from '@wco/persistence';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { BudgetAuditEvents } from '../events/budget-audit-events';
import { CreateLedgerDto, LedgerView } from './dto/ledger.dto';
import { LedgerEntity } from './ledger.entity';
import { canSeeLedger, organisationOf } from './ledgers.access';
import { LedgerNotFoundError } from './ledgers.errors';
import { LedgersRepository } from './ledgers.repository';

const CREATE_SCOPE = 'budget-audit:POST /ledgers';

@Injectable()
export class LedgersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyStore,
    private readonly ledgers: LedgersRepository,
    private readonly events: BudgetAuditEvents,
  ) {}

  /** The row and its created event in one transaction; a retry with the same Idempotency-Key replays the first answer. */
  async create(caller: Principal, dto: CreateLedgerDto, idempotencyKey?: string): Promise<{ view: LedgerView; replayed: boolean }> {
    const owner = organisationOf(caller);
    const work = async (em: EntityManager): Promise<LedgerView> => {
      const now = new Date();
      const row: LedgerEntity = {
        id: randomUUID(),
        ownerMember: owner,
        createdBy: caller.subject,
        title: dto.title,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await this.ledgers.insert(em, row);
      await this.events.ledgerCreated(em, row);
      return toView(row);
    };
    if (!idempotencyKey) return { view: await this.dataSource.transaction(work), replayed: false };
    // The key is scoped to the organisation and user: two users cannot collide, nor replay each other's answers.
    const result = await this.idempotency.execute(`${CREATE_SCOPE}:${owner}:${caller.subject}`, idempotencyKey, dto, async (em) => ({
      status: 201,
      body: await work(em),
    }));
    return { view: result.body, replayed: result.replayed };
  }

  async get(caller: Principal, id: string): Promise<LedgerView> {
    return toView(await this.loadVisible(caller, id));
  }

  /** The one gate of every read: what the caller may not see answers exactly like an id that does not exist. */
  private async loadVisible(caller: Principal, id: string): Promise<LedgerEntity> {
    const row = await this.ledgers.findById(id);
    if (!row || !canSeeLedger(caller, row)) throw new LedgerNotFoundError(id);
    return row;
  }
}

function toView(row: LedgerEntity): LedgerView {
  return {
    id: row.id,
    ownerMember: row.ownerMember,
    title: row.title,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
