import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { DataSource } from 'typeorm';
import { requestHash } from '../access/finance-access';
import { AuditLogService } from '../audit-log/audit-log.service';
import { IdReusedError } from '../budget/budget.errors';
import { present } from '../common/present';
import { AuditEngagementNotFoundError, AuditPlanNotFoundError, PlanLockedError, PlanNotAgreedError } from './audit-plan.errors';
import { AuditPlanRepository } from './audit-plan.repository';
import { authoriseMove, ENGAGEMENT_MOVES, PLAN_MOVES, requireActor } from './audit-workflow';
import type { EngagementState, PlanState } from './audit-workflow';
import { engagementView, historyView, nextCursor, pageOf, planView, textSha256 } from './audit-views';
import {
  AuditPlanPageView,
  AuditPlanQueryDto,
  AuditPlanView,
  CreateAuditPlanDto,
  CreateEngagementDto,
  EngagementPageView,
  EngagementQueryDto,
  EngagementView,
} from './dto/audit-plan.dto';

/** Whether a create is a retry of one already made (same id, same body); the same id with another body is 409. */
export function alreadyCreated(existing: { request_hash: string } | null, hash: string, what: string, id: string): boolean {
  if (existing && existing.request_hash !== hash) throw new IdReusedError(what, id);
  return existing !== null;
}

/**
 * The annual audit plan and its engagements. Auditors draft a plan version for a fiscal year and its engagements,
 * then submit it; the Audit Committee agrees it (or returns it to draft). From submission on a version is locked:
 * its engagements are fixed, and a change of plan is a new version, whose agreement supersedes the version in force
 * (which stays readable, its engagements carry on). Every change is in the history and in the audit log, in the
 * transaction that makes it.
 */
@Injectable()
export class AuditPlanService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: AuditPlanRepository,
    private readonly audit: AuditLogService,
  ) {}

  async createPlan(caller: Principal, dto: CreateAuditPlanDto): Promise<{ view: AuditPlanView; created: boolean }> {
    requireActor(caller, 'auditor', 'draft audit plans');
    const hash = requestHash(dto);
    const created = await this.dataSource.transaction(async (em) => {
      if (alreadyCreated(await this.repo.findPlan(dto.id, em), hash, 'audit plan', dto.id)) return false;
      await this.repo.lockYear(em, dto.fiscalYear);
      const version = await this.repo.insertPlan(em, { id: dto.id, year: dto.fiscalYear, title: dto.title, hash, by: caller.subject });
      if (version === null) throw new IdReusedError('audit plan', dto.id);
      await this.repo.addHistory(em, [{ kind: 'plan', id: dto.id, change: 'created', from: null, to: 'draft', by: caller.subject }]);
      await this.audit.append(em, [
        {
          kind: 'audit.plan.created',
          aggregateId: dto.id,
          payload: { planId: dto.id, fiscalYear: dto.fiscalYear, version, titleSha256: textSha256(dto.title), by: caller.subject },
        },
      ]);
      return true;
    });
    return { view: await this.getPlan(dto.id, false), created };
  }

  async getPlan(id: string, withHistory = true): Promise<AuditPlanView> {
    const row = await this.repo.findPlan(id);
    if (!row) throw new AuditPlanNotFoundError(id);
    const view = planView(row);
    return withHistory ? { ...view, history: (await this.repo.history(id)).map(historyView) } : view;
  }

  async listPlans(query: AuditPlanQueryDto): Promise<AuditPlanPageView> {
    const rows = await this.repo.listPlans(query, pageOf(query));
    return { items: rows.slice(0, query.limit).map(planView), nextCursor: nextCursor(rows, query.limit) };
  }

  /**
   * submitted (auditor), agreed or back to draft (Audit Committee). Agreeing supersedes the year's plan in force;
   * the year's advisory lock keeps two agreements of one year from racing. Asking for the state the plan is in
   * answers with it unchanged.
   */
  async transitionPlan(caller: Principal, id: string, to: PlanState, reason?: string): Promise<AuditPlanView> {
    await this.dataSource.transaction(async (em) => {
      const first = await this.repo.findPlan(id, em);
      if (!first) throw new AuditPlanNotFoundError(id);
      await this.repo.lockYear(em, first.fiscal_year);
      const plan = present(await this.repo.findPlan(id, em, true), 'audit plan');
      if (plan.status === to) return;
      authoriseMove(PLAN_MOVES, `audit plan ${id}`, caller, plan.status, to, reason);
      const records = [];
      if (to === 'agreed') {
        const inForce = await this.repo.agreedPlan(em, plan.fiscal_year);
        if (inForce) {
          await this.repo.setPlanStatus(em, inForce.id, 'superseded', caller.subject, id);
          await this.repo.addHistory(em, [
            {
              kind: 'plan',
              id: inForce.id,
              change: 'status',
              from: 'agreed',
              to: 'superseded',
              by: caller.subject,
              reason: `superseded by ${id}`,
            },
          ]);
          records.push({
            kind: 'audit.plan.superseded',
            aggregateId: inForce.id,
            payload: { planId: inForce.id, fiscalYear: plan.fiscal_year, supersededBy: id, by: caller.subject },
          });
        }
      }
      await this.repo.setPlanStatus(em, id, to, caller.subject);
      await this.repo.addHistory(em, [{ kind: 'plan', id, change: 'status', from: plan.status, to, by: caller.subject, reason }]);
      records.push({
        kind: `audit.plan.${to === 'draft' ? 'returned' : to}`,
        aggregateId: id,
        payload: {
          planId: id,
          fiscalYear: plan.fiscal_year,
          version: plan.version,
          from: plan.status,
          to,
          by: caller.subject,
          reasonSha256: textSha256(reason),
        },
      });
      await this.audit.append(em, records);
    });
    return this.getPlan(id);
  }

  /** An engagement of a draft plan version (auditors); a submitted or agreed version is locked. */
  async addEngagement(caller: Principal, planId: string, dto: CreateEngagementDto): Promise<{ view: EngagementView; created: boolean }> {
    requireActor(caller, 'auditor', 'plan engagements');
    const hash = requestHash({ planId, ...dto });
    const created = await this.dataSource.transaction(async (em) => {
      if (alreadyCreated(await this.repo.findEngagement(dto.id, em), hash, 'audit engagement', dto.id)) return false;
      const plan = await this.repo.findPlan(planId, em, true);
      if (!plan) throw new AuditPlanNotFoundError(planId);
      if (plan.status !== 'draft') throw new PlanLockedError(planId, plan.status);
      const inserted = await this.repo.insertEngagement(
        em,
        {
          id: dto.id,
          planId,
          year: plan.fiscal_year,
          title: dto.title,
          scope: dto.scope,
          leadAuditor: dto.leadAuditor,
          start: dto.plannedStart,
          end: dto.plannedEnd,
        },
        hash,
        caller.subject,
      );
      if (!inserted) throw new IdReusedError('audit engagement', dto.id);
      await this.repo.addHistory(em, [
        { kind: 'engagement', id: dto.id, change: 'created', from: null, to: 'planned', by: caller.subject },
      ]);
      await this.audit.append(em, [
        {
          kind: 'audit.engagement.created',
          aggregateId: dto.id,
          payload: {
            engagementId: dto.id,
            planId,
            fiscalYear: plan.fiscal_year,
            titleSha256: textSha256(dto.title),
            scopeSha256: textSha256(dto.scope),
            leadAuditor: dto.leadAuditor,
            plannedStart: dto.plannedStart,
            plannedEnd: dto.plannedEnd,
            by: caller.subject,
          },
        },
      ]);
      return true;
    });
    return { view: await this.getEngagement(dto.id, false), created };
  }

  async getEngagement(id: string, withHistory = true): Promise<EngagementView> {
    const row = await this.repo.findEngagement(id);
    if (!row) throw new AuditEngagementNotFoundError(id);
    const view = engagementView(row);
    return withHistory ? { ...view, history: (await this.repo.history(id)).map(historyView) } : view;
  }

  async listEngagements(query: EngagementQueryDto): Promise<EngagementPageView> {
    const rows = await this.repo.listEngagements(query, pageOf(query));
    return { items: rows.slice(0, query.limit).map(engagementView), nextCursor: nextCursor(rows, query.limit) };
  }

  /** One step of planned → fieldwork → draft report → management response → final report; the plan must be agreed. */
  async transitionEngagement(caller: Principal, id: string, to: EngagementState, reason?: string): Promise<EngagementView> {
    await this.dataSource.transaction(async (em) => {
      const e = await this.repo.findEngagement(id, em, true);
      if (!e) throw new AuditEngagementNotFoundError(id);
      if (e.status === to) return;
      authoriseMove(ENGAGEMENT_MOVES, `audit engagement ${id}`, caller, e.status, to, reason);
      if (e.plan_status !== 'agreed' && e.plan_status !== 'superseded') throw new PlanNotAgreedError(e.plan_id, e.plan_status);
      await this.repo.setEngagementStatus(em, id, to);
      await this.repo.addHistory(em, [{ kind: 'engagement', id, change: 'status', from: e.status, to, by: caller.subject, reason }]);
      await this.audit.append(em, [
        {
          kind: 'audit.engagement.status',
          aggregateId: id,
          payload: { engagementId: id, planId: e.plan_id, from: e.status, to, by: caller.subject, reasonSha256: textSha256(reason) },
        },
      ]);
    });
    return this.getEngagement(id);
  }
}
