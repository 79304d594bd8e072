import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { IdempotencyStore } from '@wco/persistence';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ResearchCatalogueEvents } from '../events/research-catalogue-events';
import { CreatePublicationDto, PublicationView } from './dto/publication.dto';
import { PublicationEntity } from './publication.entity';
import { canSeePublication, organisationOf } from './publications.access';
import { PublicationNotFoundError } from './publications.errors';
import { PublicationsRepository } from './publications.repository';

const CREATE_SCOPE = 'research-catalogue:POST /publications';

@Injectable()
export class PublicationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyStore,
    private readonly publications: PublicationsRepository,
    private readonly events: ResearchCatalogueEvents,
  ) {}

  /** The row and its created event in one transaction; a retry with the same Idempotency-Key replays the first answer. */
  async create(caller: Principal, dto: CreatePublicationDto, idempotencyKey?: string): Promise<{ view: PublicationView; replayed: boolean }> {
    const owner = organisationOf(caller);
    const work = async (em: EntityManager): Promise<PublicationView> => {
      const now = new Date();
      const row: PublicationEntity = {
        id: randomUUID(),
        ownerMember: owner,
        createdBy: caller.subject,
        title: dto.title,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await this.publications.insert(em, row);
      await this.events.publicationCreated(em, row);
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

  async get(caller: Principal, id: string): Promise<PublicationView> {
    return toView(await this.loadVisible(caller, id));
  }

  /** The one gate of every read: what the caller may not see answers exactly like an id that does not exist. */
  private async loadVisible(caller: Principal, id: string): Promise<PublicationEntity> {
    const row = await this.publications.findById(id);
    if (!row || !canSeePublication(caller, row)) throw new PublicationNotFoundError(id);
    return row;
  }
}

function toView(row: PublicationEntity): PublicationView {
  return {
    id: row.id,
    ownerMember: row.ownerMember,
    title: row.title,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
