import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { IdempotencyStore } from '@wco/persistence';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AssistanceEvents } from '../events/assistance-events';
import { CreateMissionDto, MissionView } from './dto/mission.dto';
import { MissionEntity } from './mission.entity';
import { canSeeMission, organisationOf } from './missions.access';
import { MissionNotFoundError } from './missions.errors';
import { MissionsRepository } from './missions.repository';

const CREATE_SCOPE = 'assistance:POST /missions';

@Injectable()
export class MissionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyStore,
    private readonly missions: MissionsRepository,
    private readonly events: AssistanceEvents,
  ) {}

  /** The row and its created event in one transaction; a retry with the same Idempotency-Key replays the first answer. */
  async create(caller: Principal, dto: CreateMissionDto, idempotencyKey?: string): Promise<{ view: MissionView; replayed: boolean }> {
    const owner = organisationOf(caller);
    const work = async (em: EntityManager): Promise<MissionView> => {
      const now = new Date();
      const row: MissionEntity = {
        id: randomUUID(),
        ownerMember: owner,
        createdBy: caller.subject,
        title: dto.title,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await this.missions.insert(em, row);
      await this.events.missionCreated(em, row);
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

  async get(caller: Principal, id: string): Promise<MissionView> {
    return toView(await this.loadVisible(caller, id));
  }

  /** The one gate of every read: what the caller may not see answers exactly like an id that does not exist. */
  private async loadVisible(caller: Principal, id: string): Promise<MissionEntity> {
    const row = await this.missions.findById(id);
    if (!row || !canSeeMission(caller, row)) throw new MissionNotFoundError(id);
    return row;
  }
}

function toView(row: MissionEntity): MissionView {
  return {
    id: row.id,
    ownerMember: row.ownerMember,
    title: row.title,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
