import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OperationState } from '../domain/code-lists';
import { OperationParticipantEntity } from './operation-participant.entity';
import { OperationEntity } from './operation.entity';

/** The SQL of operations and their participants. */
@Injectable()
export class OperationsRepository {
  async insert(em: EntityManager, op: OperationEntity, participants: readonly string[]): Promise<void> {
    await em.insert(OperationEntity, op);
    if (participants.length > 0) {
      await em.insert(
        OperationParticipantEntity,
        participants.map((member) => ({ operationId: op.id, member, admittedAt: op.createdAt })),
      );
    }
  }

  /** Operations `member` takes part in, or coordinates when `coordinates`, newest first (at most 500). */
  listFor(em: EntityManager, member: string, coordinates: boolean): Promise<OperationEntity[]> {
    return em
      .getRepository(OperationEntity)
      .createQueryBuilder('o')
      .where(
        `((:coordinates AND o.coordinator_member = :member) OR EXISTS (SELECT 1 FROM operation_participant p WHERE p.operation_id = o.id AND p.member = :member))`,
        { member, coordinates },
      )
      .orderBy('o.createdAt', 'DESC')
      .limit(500)
      .getMany();
  }

  find(em: EntityManager, id: string, lock = false): Promise<OperationEntity | null> {
    const qb = em.getRepository(OperationEntity).createQueryBuilder('o').where('o.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /** Participants per operation, each list in Member order. */
  async participantsOf(em: EntityManager, ids: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (ids.length === 0) return out;
    const rows = await em
      .getRepository(OperationParticipantEntity)
      .createQueryBuilder('p')
      .where('p.operation_id IN (:...ids)', { ids })
      .orderBy('p.member', 'ASC')
      .getMany();
    for (const r of rows) out.set(r.operationId, [...(out.get(r.operationId) ?? []), r.member]);
    return out;
  }

  async admit(em: EntityManager, operationId: string, member: string, at: Date): Promise<void> {
    await em.insert(OperationParticipantEntity, { operationId, member, admittedAt: at });
  }

  async remove(em: EntityManager, operationId: string, member: string): Promise<void> {
    await em.delete(OperationParticipantEntity, { operationId, member });
  }

  async update(
    em: EntityManager,
    id: string,
    changes: { version: number; updatedAt: Date; state?: OperationState; requiredFields?: string[] },
  ): Promise<void> {
    await em.update(OperationEntity, { id }, changes);
  }
}
