import { createHash } from 'node:crypto';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '@wco/http';
import { allowedMoves, ENGAGEMENT_MOVES, RECOMMENDATION_MOVES } from './audit-workflow';
import type { ActionPlanRow, EngagementRow, HistoryRow, Page, PlanRow, RecommendationRow } from './audit-plan.repository';
import type { ActionPlanView, AuditPlanView, EngagementView, HistoryView, RecommendationView } from './dto/audit-plan.dto';

/*
 * Rows to API views, and what the verifiable audit log gets of free text: its SHA-256, never the text. The log is
 * kept forever and cannot be purged, so a finding's description (which might one day name someone) stays in the
 * tables, where it can be corrected; the log still proves what the text was (hash the text the API shows).
 */

export function textSha256(text: string | null | undefined): string | null {
  return text ? createHash('sha256').update(text, 'utf8').digest('hex') : null;
}

export function pageOf(query: { limit: number; cursor?: string }): Page {
  return { limit: query.limit, ...(query.cursor === undefined ? {} : { after: decodeTimeIdCursor(query.cursor) }) };
}

export function nextCursor(rows: { cursor_at: string; id: string }[], limit: number): string | null {
  const last = rows[limit - 1];
  return rows.length > limit && last ? encodeTimeIdCursor(last.cursor_at, last.id) : null;
}

export function historyView(h: HistoryRow): HistoryView {
  return { change: h.change, from: h.from_value, to: h.to_value, by: h.changed_by, at: h.changed_at.toISOString(), reason: h.reason };
}

export function planView(p: PlanRow): AuditPlanView {
  return {
    id: p.id,
    fiscalYear: p.fiscal_year,
    version: p.version,
    title: p.title,
    status: p.status,
    agreedBy: p.agreed_by,
    agreedAt: p.agreed_at?.toISOString() ?? null,
    supersededBy: p.superseded_by,
    engagementCount: p.engagement_count,
    createdAt: p.created_at.toISOString(),
  };
}

export function engagementView(e: EngagementRow): EngagementView {
  return {
    id: e.id,
    planId: e.plan_id,
    fiscalYear: e.fiscal_year,
    title: e.title,
    scope: e.scope,
    leadAuditor: e.lead_auditor,
    plannedStart: e.planned_start,
    plannedEnd: e.planned_end,
    status: e.status,
    allowedTransitions: allowedMoves(ENGAGEMENT_MOVES, e.status),
    createdAt: e.created_at.toISOString(),
  };
}

export function actionPlanView(a: ActionPlanRow): ActionPlanView {
  return {
    version: a.version,
    actions: a.actions,
    targetDate: a.target_date,
    submittedBy: a.submitted_by,
    submittedAt: a.submitted_at.toISOString(),
  };
}

export function recommendationView(r: RecommendationRow, plans: ActionPlanRow[]): RecommendationView {
  const own = plans.filter((a) => a.recommendation_id === r.id);
  const latest = own[own.length - 1];
  return {
    id: r.id,
    findingId: r.finding_id,
    engagementId: r.engagement_id,
    text: r.text,
    priority: r.priority,
    severity: r.severity,
    owner: r.owner,
    dueDate: r.due_date,
    status: r.status,
    overdue: r.overdue,
    overdueEpisodes: r.overdue_episodes,
    riskAcceptance: r.risk_acceptance,
    allowedTransitions: allowedMoves(RECOMMENDATION_MOVES, r.status),
    createdAt: r.created_at.toISOString(),
    ...(latest ? { actionPlan: actionPlanView(latest) } : {}),
  };
}
