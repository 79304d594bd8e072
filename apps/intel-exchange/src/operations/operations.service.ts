import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { OperationState } from '../domain/code-lists';
import type { OperationAccessFacts } from '../domain/report.types';
import { IntelEvents } from '../events/intel-events';
import type { Principal } from '@wco/auth';
import { CreateOperationDto, OperationView } from './dto/operation.dto';
import { OperationEntity } from './operation.entity';
import { OperationsRepository } from './operations.repository';
import {
  CoordinatorRoleRequiredError,
  IllegalOperationTransitionError,
  NotOperationCoordinatorError,
  OperationFrozenError,
  OperationNotFoundError,
} from './operations.errors';

const NEXT_STATE: Record<OperationState, OperationState | undefined> = {
  planned: 'active',
  active: 'closed',
  closed: 'archived',
  archived: undefined,
};

export const COORDINATOR_ROLE = 'operation-coordinator';

@Injectable()
export class OperationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: IntelEvents,
    private readonly repository: OperationsRepository,
  ) {}

  async create(caller: Principal, dto: CreateOperationDto): Promise<OperationView> {
    this.requireCoordinatorRole(caller);
    return this.dataSource.transaction(async (em) => {
      const now = new Date();
      const op = em.create(OperationEntity, {
        id: randomUUID(),
        name: dto.name,
        commodityFocus: dto.commodityFocus,
        startsOn: dto.startsOn,
        endsOn: dto.endsOn,
        state: 'planned',
        coordinatorMember: caller.member,
        coordinatorSubject: caller.subject,
        requiredFields: dto.requiredFields ?? [],
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      await this.repository.insert(em, op, dto.participants);
      const view = toView(op, dto.participants);
      await this.events.operationChanged(em, view, 'created');
      return view;
    });
  }

  /** Operations the caller's Member coordinates or takes part in, newest first. */
  async list(caller: Principal): Promise<OperationView[]> {
    const em = this.dataSource.manager;
    const rows = await this.repository.listFor(em, caller.member, caller.roles.includes(COORDINATOR_ROLE));
    const participants = await this.repository.participantsOf(
      em,
      rows.map((r) => r.id),
    );
    return rows.map((r) => toView(r, participants.get(r.id) ?? []));
  }

  async get(caller: Principal, id: string): Promise<OperationView> {
    const { operation, participants } = await this.loadVisible(this.dataSource.manager, caller, id);
    return toView(operation, participants);
  }

  async admit(caller: Principal, id: string, member: string): Promise<OperationView> {
    return this.change(caller, id, async (em, op, participants) => {
      if (participants.includes(member)) return undefined;
      await this.repository.admit(em, id, member, new Date());
      return { participants: [...participants, member].sort(), change: 'participant_admitted' as const };
    });
  }

  async remove(caller: Principal, id: string, member: string): Promise<OperationView> {
    return this.change(caller, id, async (em, _op, participants) => {
      if (!participants.includes(member)) return undefined;
      await this.repository.remove(em, id, member);
      return { participants: participants.filter((m) => m !== member), change: 'participant_removed' as const };
    });
  }

  async transition(caller: Principal, id: string, to: OperationState): Promise<OperationView> {
    return this.dataSource.transaction(async (em) => {
      const { operation, participants } = await this.loadVisible(em, caller, id, true);
      this.requireCoordinatorOf(caller, operation);
      if (NEXT_STATE[operation.state] !== to) throw new IllegalOperationTransitionError(operation.state, to);
      operation.state = to;
      operation.version += 1;
      operation.updatedAt = new Date();
      await this.repository.update(em, id, { state: to, version: operation.version, updatedAt: operation.updatedAt });
      const view = toView(operation, participants);
      await this.events.operationChanged(em, view, to === 'closed' || to === 'archived' ? 'closed' : 'updated');
      return view;
    });
  }

  /**
   * Replaces the report fields the operation requires (its coordinator, until it is closed). Reports attached from
   * now on, and new versions of attached reports, must fill them; earlier versions are not judged again. The same
   * fields again change nothing and emit nothing.
   */
  async setRequiredFields(caller: Principal, id: string, requiredFields: string[]): Promise<OperationView> {
    return this.dataSource.transaction(async (em) => {
      const { operation, participants } = await this.loadVisible(em, caller, id, true);
      this.requireCoordinatorOf(caller, operation);
      if (operation.state === 'closed' || operation.state === 'archived') throw new OperationFrozenError(id, operation.state);
      const same =
        requiredFields.length === operation.requiredFields.length && requiredFields.every((f) => operation.requiredFields.includes(f));
      if (same) return toView(operation, participants);
      operation.requiredFields = requiredFields;
      operation.version += 1;
      operation.updatedAt = new Date();
      await this.repository.update(em, id, { requiredFields, version: operation.version, updatedAt: operation.updatedAt });
      const view = toView(operation, participants);
      await this.events.operationChanged(em, view, 'updated');
      return view;
    });
  }

  /** The facts the access policy needs about an operation, or undefined when there is no such operation. */
  async accessFacts(em: EntityManager, id: string): Promise<OperationAccessFacts | undefined> {
    const op = await this.repository.find(em, id);
    if (!op) return undefined;
    const participants = (await this.repository.participantsOf(em, [id])).get(id) ?? [];
    return { id: op.id, coordinatorMember: op.coordinatorMember, participantMembers: participants, state: op.state };
  }

  async findWithParticipants(
    em: EntityManager,
    id: string,
    lock = false,
  ): Promise<{ operation: OperationEntity; participants: string[] } | undefined> {
    const operation = await this.repository.find(em, id, lock);
    if (!operation) return undefined;
    return { operation, participants: (await this.repository.participantsOf(em, [id])).get(id) ?? [] };
  }

  private async change(
    caller: Principal,
    id: string,
    apply: (
      em: EntityManager,
      op: OperationEntity,
      participants: string[],
    ) => Promise<{ participants: string[]; change: 'participant_admitted' | 'participant_removed' } | undefined>,
  ): Promise<OperationView> {
    return this.dataSource.transaction(async (em) => {
      const { operation, participants } = await this.loadVisible(em, caller, id, true);
      this.requireCoordinatorOf(caller, operation);
      if (operation.state === 'closed' || operation.state === 'archived') throw new OperationFrozenError(id, operation.state);
      const result = await apply(em, operation, participants);
      // Admitting a present Member or removing an absent one changes nothing and emits nothing.
      if (!result) return toView(operation, participants);
      operation.version += 1;
      operation.updatedAt = new Date();
      await this.repository.update(em, id, { version: operation.version, updatedAt: operation.updatedAt });
      const view = toView(operation, result.participants);
      await this.events.operationChanged(em, view, result.change);
      return view;
    });
  }

  private async loadVisible(
    em: EntityManager,
    caller: Principal,
    id: string,
    lock = false,
  ): Promise<{ operation: OperationEntity; participants: string[] }> {
    const found = await this.findWithParticipants(em, id, lock);
    // Invisible and missing look the same, so an outsider cannot learn that an operation exists.
    if (!found || !(this.coordinates(caller, found.operation) || found.participants.includes(caller.member))) {
      throw new OperationNotFoundError(id);
    }
    return found;
  }

  private requireCoordinatorRole(caller: Principal): void {
    if (!caller.roles.includes(COORDINATOR_ROLE)) {
      throw new CoordinatorRoleRequiredError(COORDINATOR_ROLE);
    }
  }

  /** The coordinator role of the organisation that created the operation: a Member's analyst does not coordinate. */
  private coordinates(caller: Principal, op: OperationEntity): boolean {
    return caller.roles.includes(COORDINATOR_ROLE) && op.coordinatorMember === caller.member;
  }

  private requireCoordinatorOf(caller: Principal, op: OperationEntity): void {
    if (!this.coordinates(caller, op)) {
      throw new NotOperationCoordinatorError(op.id);
    }
  }
}

export function toView(op: OperationEntity, participants: string[]): OperationView {
  return {
    id: op.id,
    name: op.name,
    commodityFocus: op.commodityFocus,
    startsOn: op.startsOn,
    endsOn: op.endsOn,
    state: op.state,
    coordinatorMember: op.coordinatorMember,
    participants: [...participants].sort(),
    requiredFields: op.requiredFields,
    version: op.version,
    createdAt: op.createdAt.toISOString(),
    updatedAt: op.updatedAt.toISOString(),
  };
}
