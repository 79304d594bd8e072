import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { ForbiddenError } from '@wco/http';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { canSeeFollowUp, isCoordinator, isRequesterOf } from '../access/assistance.access';
import {
  FollowUpNotFoundError,
  FollowUpNotRequestedError,
  IllegalFollowUpTransitionError,
  RequestStateConflictError,
  TransitionPreconditionError,
  VersionConflictError,
} from '../domain/assistance.errors';
import { AssistanceEvents } from '../events/assistance-events';
import { MissionsRepository } from '../missions/missions.repository';
import { RequestsService } from '../requests/requests.service';
import { CreateFollowUpDto, FollowUpStatus, FollowUpTransitionDto, FollowUpView } from './dto/follow-up.dto';
import { FollowUpRow, FollowUpScope, FollowUpsRepository } from './follow-ups.repository';

/** A visit is planned once the evaluation is recorded: while the request is in evaluation, or after it closed. */
const FOLLOW_UP_REQUEST_STATES = ['evaluation', 'closed'];
/** planned -> done (with its outcome) | cancelled; done and cancelled are final. */
const FOLLOW_UP_MOVES: Record<FollowUpStatus, FollowUpStatus[]> = { planned: ['done', 'cancelled'], done: [], cancelled: [] };

function onlyCoordinators(caller: Principal): void {
  if (!isCoordinator(caller))
    throw new ForbiddenError('only an assistance-coordinator of the WCO Secretariat may do this', { code: 'forbidden' });
}

/**
 * Follow-up visits an evaluation asks for: planned by a coordinator with a date and a purpose, optionally for one
 * of the request's missions, then done with an outcome or cancelled. Seen like missions (see canSeeFollowUp).
 */
@Injectable()
export class FollowUpsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly visits: FollowUpsRepository,
    private readonly missions: MissionsRepository,
    private readonly requests: RequestsService,
    private readonly events: AssistanceEvents,
  ) {}

  async plan(caller: Principal, requestId: string, dto: CreateFollowUpDto): Promise<FollowUpView> {
    const request = await this.requests.loadVisible(caller, requestId);
    onlyCoordinators(caller);
    return this.dataSource.transaction(async (em) => {
      // Locked so that the evaluation read below is the one the visit is planned on.
      const locked: { state: string }[] = await em.query(`SELECT state FROM assistance_request WHERE id = $1 FOR UPDATE`, [requestId]);
      if (!FOLLOW_UP_REQUEST_STATES.includes(locked[0].state))
        throw new RequestStateConflictError(
          `follow-up visits are planned once the request is in ${FOLLOW_UP_REQUEST_STATES.join(' or ')}`,
          locked[0].state,
        );
      if (!(await this.visits.followUpAsked(em, requestId))) throw new FollowUpNotRequestedError(requestId);
      if (dto.missionId) {
        const mission = await this.missions.findById(dto.missionId, em);
        if (!mission || mission.request_id !== requestId)
          throw new TransitionPreconditionError(`mission ${dto.missionId} is not a mission of this request`, 'missionId');
      }
      const now = new Date();
      const row: FollowUpRow = {
        id: randomUUID(),
        request_id: requestId,
        mission_id: dto.missionId ?? null,
        member: request.member,
        planned_date: dto.plannedDate,
        purpose: dto.purpose,
        status: 'planned',
        outcome: null,
        reason: null,
        created_by: caller.subject,
        closed_by: null,
        closed_at: null,
        version: 1,
        created_at: now,
        updated_at: now,
      };
      await this.visits.insert(em, row);
      await this.notify(em, row, now);
      return toView(row);
    });
  }

  async get(caller: Principal, id: string): Promise<FollowUpView> {
    return toView(await this.loadVisible(caller, id));
  }

  /** The visits of one request (requester and coordinators: whoever sees the request). */
  async ofRequest(caller: Principal, requestId: string): Promise<FollowUpView[]> {
    await this.requests.loadVisible(caller, requestId);
    return (await this.visits.list({ all: true }, { requestId })).map(toView);
  }

  /** Coordinators: every visit; a member-analyst: its Member's; an expert: those of missions assigned to them. */
  async list(caller: Principal, status?: FollowUpStatus): Promise<FollowUpView[]> {
    const scopes: FollowUpScope[] = [];
    if (isCoordinator(caller)) scopes.push({ all: true });
    else {
      if (isRequesterOf(caller, caller.member)) scopes.push({ member: caller.member });
      if (caller.roles.includes('expert')) scopes.push({ expertSubject: caller.subject });
    }
    const seen = new Map<string, FollowUpRow>();
    for (const scope of scopes) for (const f of await this.visits.list(scope, { status })) seen.set(f.id, f);
    return [...seen.values()].sort((a, b) => a.planned_date.localeCompare(b.planned_date) || a.id.localeCompare(b.id)).map(toView);
  }

  /** planned -> done with its outcome, or -> cancelled; optimistic on the visit's version. */
  async transition(caller: Principal, id: string, dto: FollowUpTransitionDto): Promise<FollowUpView> {
    await this.loadVisible(caller, id);
    onlyCoordinators(caller);
    return this.dataSource.transaction(async (em) => {
      const f = await this.visits.findById(id, em, true);
      if (!f) throw new FollowUpNotFoundError(id);
      if (!FOLLOW_UP_MOVES[f.status].includes(dto.to))
        throw new IllegalFollowUpTransitionError(f.status, dto.to, FOLLOW_UP_MOVES[f.status]);
      if (f.version !== dto.version) throw new VersionConflictError(dto.version, f.version, 'follow-up visit');
      if (dto.to === 'done' && !dto.outcome) throw new TransitionPreconditionError('a visit done records its outcome', 'outcome');
      const closed = await this.visits.close(em, id, {
        status: dto.to,
        outcome: dto.outcome ?? null,
        reason: dto.reason ?? null,
        by: caller.subject,
        at: new Date(),
      });
      await this.notify(em, closed, closed.updated_at);
      return toView(closed);
    });
  }

  /**
   * The requesting Member hears of the visit (planned, done, cancelled) through the mission news of the mission it
   * follows up, in the transaction of the change. None is left out: a request in evaluation has a delivered mission.
   */
  private async notify(em: EntityManager, f: FollowUpRow, at: Date): Promise<void> {
    const mission = await this.missions.followedUp(em, f.request_id, f.mission_id);
    if (!mission) throw new Error(`follow-up visit ${f.id}: request ${f.request_id} has no delivered mission to follow up`);
    await this.events.missionNews(em, mission, `follow_up_${f.status}`, at, { id: f.id, plannedDate: f.planned_date });
  }

  /** The one gate of every follow-up route: what the caller may not see answers like an id that does not exist. */
  private async loadVisible(caller: Principal, id: string): Promise<FollowUpRow> {
    const f = await this.visits.findById(id);
    const subjects = f?.mission_id ? (await this.missions.assignedExperts(f.mission_id)).map((e) => e.subject) : [];
    if (!f || !canSeeFollowUp(caller, f, subjects)) throw new FollowUpNotFoundError(id);
    return f;
  }
}

function toView(f: FollowUpRow): FollowUpView {
  return {
    id: f.id,
    requestId: f.request_id,
    missionId: f.mission_id,
    member: f.member,
    plannedDate: f.planned_date,
    purpose: f.purpose,
    status: f.status,
    outcome: f.outcome,
    reason: f.reason,
    createdBy: f.created_by,
    closedBy: f.closed_by,
    closedAt: f.closed_at?.toISOString() ?? null,
    version: f.version,
    createdAt: f.created_at.toISOString(),
    updatedAt: f.updated_at.toISOString(),
  };
}
