import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { MissionEntity } from './mission.entity';

/** Every SQL statement of the missions feature; the service reads as its use cases. */
@Injectable()
export class MissionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** In the caller's transaction, so the row and its outbox event commit together. */
  async insert(em: EntityManager, row: MissionEntity): Promise<void> {
    await em.insert(MissionEntity, row);
  }

  findById(id: string): Promise<MissionEntity | null> {
    return this.dataSource.getRepository(MissionEntity).findOneBy({ id });
  }
}
