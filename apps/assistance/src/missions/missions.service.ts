import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { ForbiddenError } from '@wco/http';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { canSeeMission, canSeeRequest, isCoordinator, isRequesterOf } from '../access/assistance.access';
import { AssistanceConfig } from '../config/assistance.config';
import {
  AssignmentRefusal,
  ExpertAssignmentRefusedError,
  ExpertNotFoundError,
  MissionNotFoundError,
  MissionStateConflictError,
  RequestNotFoundError,
  RequestStateConflictError,
  IllegalLogisticsMoveError,
  TransitionPreconditionError,
  VersionConflictError,
} from '../domain/assistance.errors';
import { AssistanceEvents, estimateCents } from '../events/assistance-events';
import { ExpertsRepository } from '../experts/experts.repository';
import { RequestsRepository } from '../requests/requests.repository';
import {
  AssignExpertDto,
  CancelMissionDto,
  CreateMissionDto,
  DeliveryDto,
  FundingRequestDto,
  LogisticsMoveDto,
  MissionHistoryView,
  MissionView,
} from './dto/mission.dto';
import { LOGISTICS_MISSION_STATES, logisticsMovesFrom } from './mission-logistics';
import type { LogisticsActor } from './mission-logistics';
import { fundingWaitMs } from '../funding/funding-retry.scheduler';
import { MissionLifecycle } from './mission-lifecycle';
import { MissionRow, MissionsRepository } from './missions.repository';

/** Missions are planned once the request is approved, and until it is scheduled. */
const PLANNING_STATES = ['approved', 'mission_planning'];
/** Kinds where the expert judges the Member's own administration: one of its officers would judge itself. */
const CONFLICT_OF_INTEREST_KINDS = ['diagnostic_mission', 'expert_mission'];

/** Pending, with its automatic re-requests used up (the scheduler marked it). */
export function isFundingOverdue(m: Pick<MissionRow, 'funding_status' | 'funding_overdue_at'>): boolean {
  return m.funding_status === 'pending' && m.funding_overdue_at !== null;
}

function onlyCoordinators(caller: Principal): void {
  if (!isCoordinator(caller))
    throw new ForbiddenError('only an assistance-coordinator of the WCO Secretariat may do this', { code: 'forbidden' });
}

@Injectable()
export class MissionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AssistanceConfig,
    private readonly missions: MissionsRepository,
    private readonly requests: RequestsRepository,
    private readonly experts: ExpertsRepository,
    private readonly lifecycle: MissionLifecycle,
    private readonly events: AssistanceEvents,
  ) {}

  async create(caller: Principal, requestId: string, dto: CreateMissionDto): Promise<MissionView> {
    const request = await this.requests.findById(requestId);
    if (!request || !canSeeRequest(caller, request)) throw new RequestNotFoundError(requestId);
    onlyCoordinators(caller);
    if (dto.endDate < dto.startDate) throw new TransitionPreconditionError('the mission ends before it starts', 'endDate');
    return this.dataSource.transaction(async (em) => {
      // Locked so that a concurrent cancellation of the request cannot miss the new mission.
      const locked = await em.query(`SELECT state FROM assistance_request WHERE id = $1 FOR UPDATE`, [requestId]);
      const state: string = locked[0].state;
      if (!PLANNING_STATES.includes(state))
        throw new RequestStateConflictError(`missions are planned in ${PLANNING_STATES.join(' or ')}`, state);
      const now = new Date();
      const m: MissionRow = {
        id: randomUUID(),
        request_id: request.id,
        member: request.member,
        kind: dto.kind ?? request.kind,
        thematic_area: dto.thematicArea ?? request.thematic_area,
        title: dto.title,
        start_date: dto.startDate,
        end_date: dto.endDate,
        location: dto.location,
        language: dto.language ?? request.language,
        travel_cents: dto.costEstimate.travelCents,
        subsistence_cents: dto.costEstimate.subsistenceCents,
        fees_cents: dto.costEstimate.feesCents,
        budget_line: dto.budgetLine,
        fiscal_year: dto.fiscalYear,
        state: 'planned',
        funding_status: 'not_requested',
        funding_reason: null,
        funding_requested_at: null,
        actual_cents: null,
        report: null,
        logistics_status: 'not_started',
        funding_attempts: 0,
        funding_next_attempt_at: null,
        funding_overdue_at: null,
        version: 1,
        created_at: now,
        updated_at: now,
      };
      await this.missions.insert(em, m);
      await this.lifecycle.record(em, m, 'planned', null, caller, now);
      await this.events.missionNews(em, m, 'planned', now);
      return this.toView(m, []);
    });
  }

  async get(caller: Principal, id: string): Promise<MissionView> {
    const { mission, experts } = await this.loadVisible(caller, id);
    return this.toView(
      mission,
      experts.map((e) => e.expert_id),
    );
  }

  /** Coordinators: every mission; a member-analyst: its Member's; an expert: the ones assigned to them. */
  async list(caller: Principal): Promise<MissionView[]> {
    const scopes: Parameters<MissionsRepository['list']>[0][] = [];
    if (isCoordinator(caller)) scopes.push({ all: true });
    else {
      if (isRequesterOf(caller, caller.member)) scopes.push({ member: caller.member });
      if (caller.roles.includes('expert')) scopes.push({ expertSubject: caller.subject });
    }
    const seen = new Map<string, MissionRow>();
    for (const scope of scopes) for (const m of await this.missions.list(scope)) seen.set(m.id, m);
    const rows = [...seen.values()];
    return Promise.all(
      rows.map(async (m) =>
        this.toView(
          m,
          (await this.missions.assignedExperts(m.id)).map((e) => e.expert_id),
        ),
      ),
    );
  }

  /**
   * Approves the mission for funding: funding.requested goes into the outbox with the status change. Allowed for
   * a mission never requested, one rejected (perhaps on another line), or one marked funding overdue (its
   * automatic re-requests used up). The scheduler re-requests it if no answer comes within the timeout.
   */
  async requestFunding(caller: Principal, id: string, dto: FundingRequestDto): Promise<MissionView> {
    await this.loadVisible(caller, id);
    onlyCoordinators(caller);
    return this.dataSource.transaction(async (em) => {
      const m = await this.lockedMission(em, id);
      const request = await this.requests.findById(m.request_id, em);
      if (!request || !PLANNING_STATES.includes(request.state)) {
        throw new RequestStateConflictError(
          `funding is requested while the request is ${PLANNING_STATES.join(' or ')}`,
          request?.state ?? 'unknown',
        );
      }
      const overdue = isFundingOverdue(m);
      if (m.state !== 'planned' || !(m.funding_status === 'not_requested' || m.funding_status === 'rejected' || overdue)) {
        throw new MissionStateConflictError('funding can be requested for a planned mission not yet funded (or whose answer is overdue)', {
          state: m.state,
          fundingStatus: m.funding_status,
        });
      }
      const now = new Date();
      const updated = await this.missions.update(
        em,
        id,
        {
          funding_status: 'pending',
          funding_reason: null,
          funding_requested_at: now,
          funding_attempts: 1,
          funding_next_attempt_at: new Date(now.getTime() + fundingWaitMs(this.config, 1)),
          funding_overdue_at: null,
          budget_line: dto.budgetLine ?? m.budget_line,
          fiscal_year: dto.fiscalYear ?? m.fiscal_year,
        },
        now,
      );
      await this.events.fundingRequested(em, updated);
      await this.lifecycle.record(
        em,
        updated,
        'funding_requested',
        m.funding_status,
        caller,
        now,
        overdue ? 'again after funding overdue' : null,
      );
      return this.toView(
        updated,
        (await this.missions.assignedExperts(id, em)).map((e) => e.expert_id),
      );
    });
  }

  /** Reports the mission delivered with its actual cost; the budget posts that amount and releases the rest. */
  async deliver(caller: Principal, id: string, dto: DeliveryDto): Promise<MissionView> {
    await this.loadVisible(caller, id);
    onlyCoordinators(caller);
    return this.dataSource.transaction(async (em) => {
      const m = await this.lockedMission(em, id);
      if (m.state !== 'in_delivery' || m.funding_status !== 'funded') {
        throw new MissionStateConflictError('a mission is delivered from in_delivery, funded', {
          state: m.state,
          fundingStatus: m.funding_status,
        });
      }
      const now = new Date();
      const delivered = await this.missions.update(
        em,
        id,
        {
          state: 'delivered',
          funding_status: 'posting',
          actual_cents: dto.actualCents,
          report: { findings: dto.findings, recommendations: dto.recommendations },
        },
        now,
      );
      await this.lifecycle.record(em, delivered, 'state', m.state, caller, now);
      await this.events.fundingCostPosted(em, delivered, dto.actualCents);
      await this.events.missionNews(em, delivered, 'delivered', now);
      return this.toView(
        delivered,
        (await this.missions.assignedExperts(id, em)).map((e) => e.expert_id),
      );
    });
  }

  async cancel(caller: Principal, id: string, _dto: CancelMissionDto): Promise<MissionView> {
    await this.loadVisible(caller, id);
    onlyCoordinators(caller);
    return this.dataSource.transaction(async (em) => {
      const m = await this.lockedMission(em, id);
      if (m.state === 'delivered' || m.state === 'cancelled')
        throw new MissionStateConflictError('the mission is already over', { state: m.state, fundingStatus: m.funding_status });
      const cancelled = await this.lifecycle.cancel(em, m, new Date(), caller);
      return this.toView(
        cancelled,
        (await this.missions.assignedExperts(id, em)).map((e) => e.expert_id),
      );
    });
  }

  /**
   * Assigns a roster expert, refused with every reason that applies. The expert's row is locked, so two
   * concurrent assignments of one expert to overlapping missions cannot both pass the overlap check.
   */
  async assignExpert(caller: Principal, id: string, dto: AssignExpertDto): Promise<MissionView> {
    await this.loadVisible(caller, id);
    onlyCoordinators(caller);
    return this.dataSource.transaction(async (em) => {
      const m = await this.lockedMission(em, id);
      if (m.state === 'delivered' || m.state === 'cancelled')
        throw new MissionStateConflictError('the mission is over', { state: m.state, fundingStatus: m.funding_status });
      const expert = await this.experts.findById(dto.expertId, em, true);
      if (!expert) throw new ExpertNotFoundError(dto.expertId);
      const refusals: AssignmentRefusal[] = [];
      if (!expert.active) refusals.push({ reason: 'expert_inactive', detail: 'the expert is no longer on the active roster' });
      if (expert.member === m.member && CONFLICT_OF_INTEREST_KINDS.includes(m.kind)) {
        refusals.push({
          reason: 'conflict_of_interest',
          detail: `the expert belongs to ${m.member}, the administration the ${m.kind} is for`,
        });
      }
      if (!expert.languages.includes(m.language))
        refusals.push({
          reason: 'language_missing',
          detail: `the mission is in ${m.language}; the expert works in ${expert.languages.join(', ')}`,
        });
      if (!expert.thematic_areas.includes(m.thematic_area))
        refusals.push({ reason: 'thematic_area_missing', detail: `the expert is not accredited for ${m.thematic_area}` });
      if (expert.accredited_until < m.end_date)
        refusals.push({
          reason: 'accreditation_expired',
          detail: `the accreditation ends on ${expert.accredited_until}, before the mission ends on ${m.end_date}`,
        });
      const overlaps = await this.missions.overlapping(em, expert.id, m.id, m.start_date, m.end_date);
      if (overlaps.length > 0) {
        refusals.push({
          reason: 'overlapping_mission',
          detail: `already on ${overlaps.map((o) => `${o.id} (${o.start_date} to ${o.end_date})`).join(', ')}`,
        });
      }
      if (refusals.length > 0) throw new ExpertAssignmentRefusedError(refusals);
      const now = new Date();
      if (await this.missions.assign(em, m.id, expert.id, caller.subject, now)) {
        await this.missions.recordHistory(em, m.id, {
          change: 'expert_assigned',
          from_value: null,
          to_value: null,
          actor: caller.subject,
          actor_member: caller.member,
          reason: `expert ${expert.id}`,
          version: m.version,
          at: now,
        });
      }
      return this.toView(
        m,
        (await this.missions.assignedExperts(id, em)).map((e) => e.expert_id),
      );
    });
  }

  /**
   * Moves the mission's logistics one step on, or back with a reason. A coordinator takes any move; an expert
   * assigned to the mission reports their own travel and visa; a Member officer who sees the mission takes none.
   * Optimistic like the request workflow: `version` must be the mission's current one.
   */
  async moveLogistics(caller: Principal, id: string, dto: LogisticsMoveDto): Promise<MissionView> {
    const { experts } = await this.loadVisible(caller, id);
    const actors: LogisticsActor[] = [
      ...(isCoordinator(caller) ? ['coordinator' as const] : []),
      ...(caller.roles.includes('expert') && experts.some((e) => e.subject === caller.subject) ? ['expert' as const] : []),
    ];
    return this.dataSource.transaction(async (em) => {
      const m = await this.lockedMission(em, id);
      const allowed = logisticsMovesFrom(m.logistics_status);
      const move = allowed.find((x) => x.to === dto.to);
      if (!move) throw new IllegalLogisticsMoveError(m.logistics_status, dto.to, allowed);
      if (!move.by.some((a) => actors.includes(a))) {
        throw new ForbiddenError(`only ${move.by.join(' or ')} may move the logistics to ${dto.to}`, {
          code: 'transition_forbidden',
          extensions: { requiredActor: move.by },
        });
      }
      if (!LOGISTICS_MISSION_STATES.includes(m.state))
        throw new MissionStateConflictError(`logistics are arranged while the mission is ${LOGISTICS_MISSION_STATES.join(' or ')}`, {
          state: m.state,
          fundingStatus: m.funding_status,
        });
      if (m.version !== dto.version) throw new VersionConflictError(dto.version, m.version, 'mission');
      if (move.reasonRequired && !dto.reason) throw new TransitionPreconditionError('a move back says why', 'reason');
      const now = new Date();
      const moved = await this.missions.update(em, id, { logistics_status: dto.to }, now);
      await this.lifecycle.record(em, moved, 'logistics', m.logistics_status, caller, now, dto.reason ?? null);
      await this.events.missionNews(em, moved, `logistics_${dto.to}`, now);
      return this.toView(
        moved,
        experts.map((e) => e.expert_id),
      );
    });
  }

  /** Every change of the mission, oldest first: who, their Member, when, from what to what, why. */
  async history(caller: Principal, id: string): Promise<MissionHistoryView> {
    await this.loadVisible(caller, id);
    const rows = await this.missions.history(id);
    return {
      items: rows.map((h) => ({
        change: h.change,
        from: h.from_value,
        to: h.to_value,
        actor: h.actor,
        actorMember: h.actor_member,
        reason: h.reason,
        version: h.version,
        at: h.at.toISOString(),
      })),
    };
  }

  /** The one gate of every mission route: what the caller may not see answers like an id that does not exist. */
  async loadVisible(caller: Principal, id: string) {
    const mission = await this.missions.findById(id);
    const experts = mission ? await this.missions.assignedExperts(id) : [];
    if (
      !mission ||
      !canSeeMission(
        caller,
        mission,
        experts.map((e) => e.subject),
      )
    )
      throw new MissionNotFoundError(id);
    return { mission, experts };
  }

  private async lockedMission(em: EntityManager, id: string): Promise<MissionRow> {
    const m = await this.missions.findById(id, em, true);
    if (!m) throw new MissionNotFoundError(id);
    return m;
  }

  toView(m: MissionRow, expertIds: string[]): MissionView {
    return {
      id: m.id,
      requestId: m.request_id,
      member: m.member,
      kind: m.kind as MissionView['kind'],
      thematicArea: m.thematic_area as MissionView['thematicArea'],
      title: m.title,
      startDate: m.start_date,
      endDate: m.end_date,
      location: m.location,
      language: m.language as MissionView['language'],
      costEstimate: { travelCents: Number(m.travel_cents), subsistenceCents: Number(m.subsistence_cents), feesCents: Number(m.fees_cents) },
      estimateCents: estimateCents(m),
      budgetLine: m.budget_line,
      fiscalYear: m.fiscal_year,
      state: m.state,
      fundingStatus: m.funding_status,
      fundingReason: m.funding_reason,
      fundingOverdue: isFundingOverdue(m),
      fundingAttempts: m.funding_attempts,
      fundingNextAttemptAt: m.funding_status === 'pending' ? (m.funding_next_attempt_at?.toISOString() ?? null) : null,
      fundingOverdueSince: isFundingOverdue(m) ? (m.funding_overdue_at?.toISOString() ?? null) : null,
      logisticsStatus: m.logistics_status,
      actualCents: m.actual_cents === null ? null : Number(m.actual_cents),
      report: m.report,
      expertIds,
      version: m.version,
      createdAt: m.created_at.toISOString(),
      updatedAt: m.updated_at.toISOString(),
    };
  }
}
