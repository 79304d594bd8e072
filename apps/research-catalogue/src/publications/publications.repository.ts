import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PublicationEntity } from './publication.entity';

/** Every SQL statement of the publications feature; the service reads as its use cases. */
@Injectable()
export class PublicationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** In the caller's transaction, so the row and its outbox event commit together. */
  async insert(em: EntityManager, row: PublicationEntity): Promise<void> {
    await em.insert(PublicationEntity, row);
  }

  findById(id: string): Promise<PublicationEntity | null> {
    return this.dataSource.getRepository(PublicationEntity).findOneBy({ id });
  }
}
