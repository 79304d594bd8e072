import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { DataSource, EntityManager } from 'typeorm';
import { requestHash } from '../access/finance-access';
import { AuditLogService } from '../audit-log/audit-log.service';
import { IdReusedError } from '../budget/budget.errors';
import { BudgetAuditEvents } from '../events/budget-audit-events';
import {
  AuditEngagementNotFoundError,
  AuditFindingNotFoundError,
  AuditRecommendationNotFoundError,
  EngagementStateConflictError,
  RecommendationStateConflictError,
  SelfVerificationError,
} from './audit-plan.errors';
import { alreadyCreated } from './audit-plan.service';
import { AuditPlanRepository, type FindingRow, type RecommendationRow } from './audit-plan.repository';
import { actionPlanView, historyView, nextCursor, pageOf, recommendationView, textSha256 } from './audit-views';
import { ACTIONABLE, authoriseMove, RECOMMENDATION_MOVES, requireActor } from './audit-workflow';
import type { RecommendationState } from './audit-workflow';
import {
  ActionPlanDto,
  AddRecommendationsDto,
  CreateFindingDto,
  DueDateDto,
  FindingPageView,
  FindingQueryDto,
  FindingView,
  NewRecommendationDto,
  RecommendationPageView,
  RecommendationQueryDto,
  RecommendationView,
} from './dto/audit-plan.dto';

/** What the audit log keeps of a new recommendation: its facts, and its text as a hash. */
function recommendationFacts(r: NewRecommendationDto): Record<string, unknown> {
  return { recommendationId: r.id, priority: r.priority, owner: r.owner, dueDate: r.dueDate, textSha256: textSha256(r.text) };
}

/** Who the history and the audit log name for the follow-up job's changes. */
export const OVERDUE_JOB = 'system:overdue-job';
const SWEEP_BATCH = 100;

/**
 * Findings, their recommendations and the follow-up: auditors record findings (in fieldwork or at draft report)
 * with their recommendations; management (finance officers of the Secretariat) answers with action plans and
 * reports implementation; an auditor verifies and closes, or sends it back; only the Audit Committee accepts a risk,
 * with its justification. The overdue sweep reports each recommendation once per overdue episode.
 */
@Injectable()
export class AuditFollowUpService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: AuditPlanRepository,
    private readonly audit: AuditLogService,
    private readonly events: BudgetAuditEvents,
  ) {}

  async recordFinding(caller: Principal, engagementId: string, dto: CreateFindingDto): Promise<{ view: FindingView; created: boolean }> {
    requireActor(caller, 'auditor', 'record findings');
    const hash = requestHash({ engagementId, ...dto });
    const created = await this.dataSource.transaction(async (em) => {
      if (alreadyCreated(await this.repo.findFinding(dto.id, em), hash, 'audit finding', dto.id)) return false;
      await this.lockReportingEngagement(em, engagementId);
      const inserted = await this.repo.insertFinding(em, { ...dto, engagementId }, hash, caller.subject);
      if (!inserted) throw new IdReusedError('audit finding', dto.id);
      await this.insertRecommendations(em, dto.id, dto.recommendations, caller.subject);
      await this.audit.append(em, [
        {
          kind: 'audit.finding.recorded',
          aggregateId: dto.id,
          payload: {
            findingId: dto.id,
            engagementId,
            severity: dto.severity,
            titleSha256: textSha256(dto.title),
            descriptionSha256: textSha256(dto.description),
            recommendations: dto.recommendations.map(recommendationFacts),
            by: caller.subject,
          },
        },
      ]);
      return true;
    });
    return { view: await this.getFinding(dto.id), created };
  }

  /**
   * More recommendations of a finding (auditors), while its engagement is in fieldwork or at draft report. The same
   * recommendations again (same ids, same content, same finding) are a retry: 200 with the finding as it is.
   */
  async addRecommendations(
    caller: Principal,
    findingId: string,
    dto: AddRecommendationsDto,
  ): Promise<{ view: FindingView; created: boolean }> {
    requireActor(caller, 'auditor', 'add recommendations');
    const created = await this.dataSource.transaction(async (em) => {
      const finding = await this.repo.findFinding(findingId, em);
      if (!finding) throw new AuditFindingNotFoundError(findingId);
      const existing = await this.repo.recommendationsByIds(
        em,
        dto.recommendations.map((r) => r.id),
      );
      if (existing.length > 0) {
        const same = (r: NewRecommendationDto) =>
          existing.some(
            (x) => x.id === r.id && x.finding_id === findingId && x.text === r.text && x.priority === r.priority && x.owner === r.owner,
          );
        if (existing.length === dto.recommendations.length && dto.recommendations.every(same)) return false;
        throw new IdReusedError('audit recommendation', existing.map((x) => x.id).join(', '));
      }
      await this.lockReportingEngagement(em, finding.engagement_id);
      await this.insertRecommendations(em, findingId, dto.recommendations, caller.subject);
      await this.audit.append(em, [
        {
          kind: 'audit.recommendation.added',
          aggregateId: findingId,
          payload: { findingId, recommendations: dto.recommendations.map(recommendationFacts), by: caller.subject },
        },
      ]);
      return true;
    });
    return { view: await this.getFinding(findingId), created };
  }

  async getFinding(id: string): Promise<FindingView> {
    const row = await this.repo.findFinding(id);
    if (!row) throw new AuditFindingNotFoundError(id);
    return (await this.findingViews([row]))[0];
  }

  async listFindings(query: FindingQueryDto): Promise<FindingPageView> {
    const rows = await this.repo.listFindings(query, pageOf(query));
    return { items: await this.findingViews(rows.slice(0, query.limit)), nextCursor: nextCursor(rows, query.limit) };
  }

  async getRecommendation(id: string): Promise<RecommendationView> {
    const row = await this.repo.findRecommendation(id);
    if (!row) throw new AuditRecommendationNotFoundError(id);
    const plans = await this.repo.actionPlans([id]);
    return {
      ...recommendationView(row, plans),
      actionPlans: plans.map(actionPlanView),
      history: (await this.repo.history(id)).map(historyView),
    };
  }

  async listRecommendations(query: RecommendationQueryDto): Promise<RecommendationPageView> {
    const overdue = query.overdue === undefined ? undefined : query.overdue === 'true';
    const rows = await this.repo.listRecommendations({ ...query, overdue }, pageOf(query));
    const page = rows.slice(0, query.limit);
    const plans = await this.repo.actionPlans(page.map((r) => r.id));
    return { items: page.map((r) => recommendationView(r, plans)), nextCursor: nextCursor(rows, query.limit) };
  }

  /** The recommendation workflow (audit-workflow.ts); moving to the state it is in answers with it unchanged. */
  async transitionRecommendation(caller: Principal, id: string, to: RecommendationState, reason?: string): Promise<RecommendationView> {
    await this.dataSource.transaction(async (em) => {
      const r = await this.locked(em, id);
      if (r.status === to) return;
      const move = authoriseMove(RECOMMENDATION_MOVES, `audit recommendation ${id}`, caller, r.status, to, reason);
      if (move.by === 'auditor' && (await this.repo.lastMovedBy(em, id, 'implemented')) === caller.subject)
        throw new SelfVerificationError(id);
      await this.repo.setRecommendationStatus(em, id, to, to === 'risk_accepted' ? reason : undefined);
      await this.repo.addHistory(em, [{ kind: 'recommendation', id, change: 'status', from: r.status, to, by: caller.subject, reason }]);
      await this.audit.append(em, [
        {
          kind: 'audit.recommendation.status',
          aggregateId: id,
          payload: {
            recommendationId: id,
            findingId: r.finding_id,
            from: r.status,
            to,
            by: caller.subject,
            reasonSha256: textSha256(reason),
          },
        },
      ]);
    });
    return this.getRecommendation(id);
  }

  /** Management's action plan: a new version each time it changes; the same plan again changes nothing. */
  async putActionPlan(caller: Principal, id: string, dto: ActionPlanDto): Promise<RecommendationView> {
    requireActor(caller, 'management', 'answer with action plans');
    await this.dataSource.transaction(async (em) => {
      const r = await this.locked(em, id);
      const latest = (await this.repo.actionPlans([id], em)).pop();
      if (latest && latest.actions === dto.actions && latest.target_date === dto.targetDate) return;
      if (!ACTIONABLE.includes(r.status)) {
        throw new RecommendationStateConflictError(id, r.status, 'action plans are for open or in-progress recommendations');
      }
      const version = await this.repo.insertActionPlan(em, id, dto.actions, dto.targetDate, caller.subject);
      await this.repo.addHistory(em, [
        {
          kind: 'recommendation',
          id,
          change: 'action_plan',
          from: latest ? `v${latest.version}` : null,
          to: `v${version}`,
          by: caller.subject,
        },
      ]);
      await this.audit.append(em, [
        {
          kind: 'audit.recommendation.action_plan',
          aggregateId: id,
          payload: {
            recommendationId: id,
            version,
            targetDate: dto.targetDate,
            actionsSha256: textSha256(dto.actions),
            by: caller.subject,
          },
        },
      ]);
    });
    return this.getRecommendation(id);
  }

  /** An auditor moves the due date (agreed with management); it ends the current overdue episode. */
  async changeDueDate(caller: Principal, id: string, dto: DueDateDto): Promise<RecommendationView> {
    requireActor(caller, 'auditor', 'move due dates');
    await this.dataSource.transaction(async (em) => {
      const r = await this.locked(em, id);
      if (r.due_date === dto.dueDate) return;
      if (!ACTIONABLE.includes(r.status)) {
        throw new RecommendationStateConflictError(id, r.status, 'only an open or in-progress recommendation has a due date to move');
      }
      await this.repo.setDueDate(em, id, dto.dueDate);
      await this.repo.addHistory(em, [
        { kind: 'recommendation', id, change: 'due_date', from: r.due_date, to: dto.dueDate, by: caller.subject, reason: dto.reason },
      ]);
      await this.audit.append(em, [
        {
          kind: 'audit.recommendation.due_date',
          aggregateId: id,
          payload: { recommendationId: id, from: r.due_date, to: dto.dueDate, by: caller.subject, reasonSha256: textSha256(dto.reason) },
        },
      ]);
    });
    return this.getRecommendation(id);
  }

  /**
   * Reports every recommendation that is open or in progress past its due date (before `asOf`, default today in
   * UTC) and not reported in its current episode: one RecommendationOverdueEvent through the outbox, one history
   * row and one audit record each, in the transaction that marks it. Batches claim rows FOR UPDATE SKIP LOCKED, so
   * several pods sweeping at once share the work and none reports a row twice. Returns how many it reported.
   */
  async sweepOverdue(asOf?: string): Promise<number> {
    const date = asOf ?? (await this.repo.today());
    let reported = 0;
    for (;;) {
      const n = await this.dataSource.transaction(async (em) => {
        const rows = await this.repo.claimOverdue(em, date, SWEEP_BATCH);
        for (const r of rows) {
          const episode = await this.repo.markOverdue(em, r.id);
          await this.repo.addHistory(em, [
            {
              kind: 'recommendation',
              id: r.id,
              change: 'overdue',
              from: null,
              to: 'overdue',
              by: OVERDUE_JOB,
              reason: `due ${r.due_date}, episode ${episode}`,
            },
          ]);
          await this.audit.append(em, [
            {
              kind: 'audit.recommendation.overdue',
              aggregateId: r.id,
              payload: { recommendationId: r.id, dueDate: r.due_date, asOf: date, status: r.status, episode },
            },
          ]);
          await this.events.recommendationOverdue(em, {
            recommendationId: r.id,
            findingId: r.finding_id,
            engagementId: r.engagement_id,
            fiscalYear: r.fiscal_year,
            severity: r.severity as never,
            priority: r.priority as never,
            owner: r.owner,
            dueDate: r.due_date,
            status: r.status as 'open' | 'in_progress',
            episode,
          });
        }
        return rows.length;
      });
      reported += n;
      if (n < SWEEP_BATCH) return reported;
    }
  }

  private async locked(em: EntityManager, id: string): Promise<RecommendationRow> {
    const r = await this.repo.findRecommendation(id, em, true);
    if (!r) throw new AuditRecommendationNotFoundError(id);
    return r;
  }

  /** The engagement, locked, if findings and recommendations may still be recorded on it. */
  private async lockReportingEngagement(em: EntityManager, id: string): Promise<void> {
    const e = await this.repo.findEngagement(id, em, true);
    if (!e) throw new AuditEngagementNotFoundError(id);
    if (e.status !== 'fieldwork' && e.status !== 'draft_report') {
      throw new EngagementStateConflictError(
        id,
        e.status,
        'findings and recommendations are recorded during fieldwork or at the draft report',
      );
    }
  }

  /** New recommendations and their history rows; one id that exists already rolls the whole request back. */
  private async insertRecommendations(em: EntityManager, findingId: string, recs: NewRecommendationDto[], by: string): Promise<void> {
    if (!(await this.repo.insertRecommendations(em, findingId, recs))) {
      throw new IdReusedError('audit recommendation', recs.map((r) => r.id).join(', '));
    }
    await this.repo.addHistory(
      em,
      recs.map((r) => ({ kind: 'recommendation', id: r.id, change: 'created', from: null, to: 'open', by })),
    );
  }

  private async findingViews(rows: FindingRow[]): Promise<FindingView[]> {
    const recs = await this.repo.recommendationsOf(rows.map((f) => f.id));
    const plans = await this.repo.actionPlans(recs.map((r) => r.id));
    return rows.map((f) => ({
      id: f.id,
      engagementId: f.engagement_id,
      title: f.title,
      description: f.description,
      severity: f.severity,
      createdAt: f.created_at.toISOString(),
      recommendations: recs.filter((r) => r.finding_id === f.id).map((r) => recommendationView(r, plans)),
    }));
  }
}
