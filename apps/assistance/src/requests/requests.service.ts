import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { decodeTimeIdCursor, encodeTimeIdCursor, ForbiddenError } from '@wco/http';
import { IdempotencyStore } from '@wco/persistence';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { canSeeRequest, isCoordinator, isRequesterOf } from '../access/assistance.access';
import {
  IllegalTransitionError,
  RequestNotFoundError,
  RequestStateConflictError,
  TransitionForbiddenError,
  TransitionPreconditionError,
  VersionConflictError,
} from '../domain/assistance.errors';
import { MissionLifecycle } from '../missions/mission-lifecycle';
import { AssistanceEvents } from '../events/assistance-events';
import { CreateRequestDto, NeedsAssessmentDto, RequestPageView, RequestView, TransitionDto } from './dto/request.dto';
import { allowedTransitions, findTransition } from './request-workflow';
import type { RequestState, TransitionGuard, WorkflowActor } from './request-workflow';
import { RequestRow, RequestsRepository } from './requests.repository';

const CREATE_SCOPE = 'assistance:POST /requests';

@Injectable()
export class RequestsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyStore,
    private readonly requests: RequestsRepository,
    private readonly missions: MissionLifecycle,
    private readonly events: AssistanceEvents,
  ) {}

  /**
   * A member-analyst drafts a request for its own Member. The contact goes to the restricted schema in the same
   * transaction; the answer (which an Idempotency-Key stores for replay) never carries it.
   */
  async create(caller: Principal, dto: CreateRequestDto, idempotencyKey?: string): Promise<{ view: RequestView; replayed: boolean }> {
    if (!isRequesterOf(caller, caller.member)) {
      throw new ForbiddenError('requests are drafted by a member-analyst of a Member administration', { code: 'forbidden' });
    }
    if (dto.period.end < dto.period.start) throw new TransitionPreconditionError('the period ends before it starts', 'period.end');
    if (dto.need.source !== 'free_text' && !dto.need.reference) {
      throw new TransitionPreconditionError(`a need from a ${dto.need.source} names its reference`, 'need.reference');
    }
    if (dto.need.source === 'performance_indicator' && !dto.need.baseline) {
      throw new TransitionPreconditionError('a need from a performance indicator gives its baseline', 'need.baseline');
    }
    const work = async (em: EntityManager): Promise<RequestView> => {
      const now = new Date();
      const row: RequestRow = {
        id: randomUUID(),
        member: caller.member,
        created_by: caller.subject,
        kind: dto.kind,
        thematic_area: dto.thematicArea,
        title: dto.title,
        objectives: dto.objectives,
        need_source: dto.need.source,
        need_description: dto.need.description,
        need_reference: dto.need.reference ?? null,
        need_baseline: dto.need.baseline ?? null,
        period_start: dto.period.start,
        period_end: dto.period.end,
        language: dto.language,
        priority: dto.priority,
        state: 'draft',
        held_from: null,
        duplicate_of: null,
        needs_assessment: null,
        version: 1,
        created_at: now,
        updated_at: now,
      };
      await this.requests.insert(em, row, dto.contact);
      await this.requests.recordTransition(em, row.id, {
        from_state: null,
        to_state: 'draft',
        actor: caller.subject,
        actor_member: caller.member,
        reason: null,
        version: 1,
        at: now,
      });
      return toView(row);
    };
    if (!idempotencyKey) return { view: await this.dataSource.transaction(work), replayed: false };
    const result = await this.idempotency.execute(
      `${CREATE_SCOPE}:${caller.member}:${caller.subject}`,
      idempotencyKey,
      dto,
      async (em) => ({
        status: 201,
        body: await work(em),
      }),
    );
    return { view: result.body, replayed: result.replayed };
  }

  async get(caller: Principal, id: string): Promise<RequestView> {
    const row = await this.loadVisible(caller, id);
    const [contact, history] = await Promise.all([this.requests.contactOf(id), this.requests.history(id)]);
    return {
      ...toView(row),
      ...(contact ? { contact } : {}),
      history: history.map((h) => ({
        from: h.from_state,
        to: h.to_state,
        by: h.actor,
        byMember: h.actor_member,
        reason: h.reason,
        version: h.version,
        at: h.at.toISOString(),
      })),
    };
  }

  async list(caller: Principal, limit: number, cursor?: string, state?: RequestState): Promise<RequestPageView> {
    // A caller who is neither a coordinator nor a member-analyst sees an empty list, not an error that tells it apart.
    const member = isCoordinator(caller) ? null : caller.roles.includes('member-analyst') ? caller.member : undefined;
    if (member === undefined) return { items: [], nextCursor: null };
    const after = cursor ? decodeTimeIdCursor(cursor) : undefined;
    const rows = await this.requests.page(member, { state }, limit, after);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(toView), nextCursor: rows.length > limit && last ? encodeTimeIdCursor(last.created_at, last.id) : null };
  }

  /**
   * One move of the workflow. Checked in order: visible (else 404), version (else 409 version_conflict), legal
   * (else 409 listing the allowed moves), the caller's role (else 403), the move's preconditions (else 422). The
   * update is conditional on the version, so of two concurrent moves exactly one commits; the history row, the
   * effects on the missions and their events commit with it or not at all.
   */
  async transition(caller: Principal, id: string, dto: TransitionDto): Promise<RequestView> {
    const row = await this.loadVisible(caller, id);
    if (row.version !== dto.version) throw new VersionConflictError(dto.version, row.version);
    const rule = findTransition(row.state, dto.to, row.held_from);
    if (!rule) throw new IllegalTransitionError(row.state, dto.to, allowedTransitions(row.state, row.held_from));
    const actors: WorkflowActor[] = [
      ...(isCoordinator(caller) ? ['coordinator' as const] : []),
      ...(isRequesterOf(caller, row.member) ? ['requester' as const] : []),
    ];
    if (!rule.by.some((a) => actors.includes(a))) throw new TransitionForbiddenError(row.state, dto.to, rule.by);
    if (dto.duplicateOf && dto.to !== 'duplicate')
      throw new TransitionPreconditionError('duplicateOf is only for a move to duplicate', 'duplicateOf');

    return this.dataSource.transaction(async (em) => {
      for (const guard of rule.guards) await this.checkGuard(em, guard, row, dto);
      const now = new Date();
      const heldFrom = dto.to === 'on_hold' ? row.state : null;
      const moved = await this.requests.transition(em, {
        id,
        expectedVersion: dto.version,
        to: dto.to,
        heldFrom,
        duplicateOf: dto.duplicateOf,
        at: now,
      });
      if (!moved) {
        const current = await this.requests.findById(id, em);
        throw new VersionConflictError(dto.version, current?.version ?? dto.version);
      }
      await this.requests.recordTransition(em, id, {
        from_state: row.state,
        to_state: dto.to,
        actor: caller.subject,
        actor_member: caller.member,
        reason: dto.reason ?? null,
        version: moved.version,
        at: now,
      });
      await this.events.requestMoved(em, moved, row.state, dto.reason ?? null, now);
      await this.missions.onRequestMoved(em, moved, now, { subject: caller.subject, member: caller.member });
      return toView(moved);
    });
  }

  /** A coordinator attaches (or replaces) the needs assessment while the request is in needs assessment. */
  async assessNeeds(caller: Principal, id: string, version: number, dto: NeedsAssessmentDto): Promise<RequestView> {
    const row = await this.loadVisible(caller, id);
    if (!isCoordinator(caller)) throw new TransitionForbiddenError(row.state, row.state, ['coordinator']);
    if (row.state !== 'needs_assessment')
      throw new RequestStateConflictError('a needs assessment is recorded in the needs_assessment state', row.state);
    if (row.version !== version) throw new VersionConflictError(version, row.version);
    const updated = await this.dataSource.transaction((em) => this.requests.bumpWithAssessment(em, id, version, dto, new Date()));
    if (!updated) throw new VersionConflictError(version, (await this.requests.findById(id))?.version ?? version);
    return toView(updated);
  }

  /** The one gate of every request read: what the caller may not see answers like an id that does not exist. */
  async loadVisible(caller: Principal, id: string): Promise<RequestRow> {
    const row = await this.requests.findById(id);
    if (!row || !canSeeRequest(caller, row)) throw new RequestNotFoundError(id);
    return row;
  }

  private async checkGuard(em: EntityManager, guard: TransitionGuard, row: RequestRow, dto: TransitionDto): Promise<void> {
    switch (guard) {
      case 'duplicate_of_required': {
        if (!dto.duplicateOf) throw new TransitionPreconditionError('a duplicate names the original request', 'duplicateOf');
        const original = dto.duplicateOf === row.id ? null : await this.requests.findById(dto.duplicateOf, em);
        if (!original) throw new TransitionPreconditionError('duplicateOf must be another existing request', 'duplicateOf');
        return;
      }
      case 'needs_assessment_required':
        if (!row.needs_assessment)
          throw new TransitionPreconditionError('record the needs assessment first (PUT /requests/{id}/needs-assessment)');
        return;
      case 'funded_mission_required':
        if ((await this.requests.fundedMissionCount(em, row.id)) === 0)
          throw new TransitionPreconditionError('no mission of this request is funded yet');
        return;
      case 'missions_delivered_required':
        if (!(await this.missions.allDelivered(em, row.id)))
          throw new TransitionPreconditionError('every mission of the request must be delivered or cancelled first');
        return;
      case 'evaluation_required':
        if (!(await this.requests.hasEvaluation(em, row.id)))
          throw new TransitionPreconditionError('record the evaluation first (PUT /requests/{id}/evaluation)');
        return;
    }
  }
}

export function toView(row: RequestRow): RequestView {
  return {
    id: row.id,
    member: row.member,
    kind: row.kind as RequestView['kind'],
    thematicArea: row.thematic_area as RequestView['thematicArea'],
    title: row.title,
    objectives: row.objectives,
    need: {
      source: row.need_source as RequestView['need']['source'],
      description: row.need_description,
      ...(row.need_reference ? { reference: row.need_reference } : {}),
      ...(row.need_baseline ? { baseline: row.need_baseline } : {}),
    },
    period: { start: row.period_start, end: row.period_end },
    language: row.language as RequestView['language'],
    priority: row.priority as RequestView['priority'],
    state: row.state,
    duplicateOf: row.duplicate_of,
    ...(row.needs_assessment ? { needsAssessment: row.needs_assessment } : {}),
    allowedTransitions: allowedTransitions(row.state, row.held_from),
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
