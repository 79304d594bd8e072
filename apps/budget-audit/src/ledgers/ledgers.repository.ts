import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { LedgerEntity } from './ledger.entity';

/** Every SQL statement of the ledgers feature; the service reads as its use cases. */
@Injectable()
export class LedgersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** In the caller's transaction, so the row and its outbox event commit together. */
  async insert(em: EntityManager, row: LedgerEntity): Promise<void> {
    await em.insert(LedgerEntity, row);
  }

  findById(id: string): Promise<LedgerEntity | null> {
    return this.dataSource.getRepository(LedgerEntity).findOneBy({ id });
  }
}
