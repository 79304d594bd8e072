/*
 * Who moves audit work, as the budget-audit API's workflow tables say (apps/budget-audit/src/audit-plan/
 * audit-workflow.ts): the console only decides which buttons a person sees. The states a thing may move to come from
 * the API's answer (`allowedTransitions`); this table adds whose move each one is, so a person who may not make it
 * sees no button. The API still decides (a stale page's move is refused with 409, shown as the API says it).
 */

/** The actors of audit work: auditors, the Secretariat's finance officers (management), the Audit Committee. */
export type AuditActor = 'auditor' | 'management' | 'committee';

export interface AuditMove {
  from: string;
  to: string;
  by: AuditActor;
  /** The move needs a reason (the API answers 422 reason_required without one). */
  reason?: true;
}

/** The Secretariat's member code: its finance officers are the audited management. */
export const SECRETARIAT = 'WCO';

export const RECOMMENDATION_MOVES: readonly AuditMove[] = [
  { from: 'open', to: 'in_progress', by: 'management' },
  { from: 'open', to: 'implemented', by: 'management' },
  { from: 'in_progress', to: 'implemented', by: 'management' },
  { from: 'implemented', to: 'closed', by: 'auditor' },
  { from: 'implemented', to: 'in_progress', by: 'auditor', reason: true },
  { from: 'open', to: 'risk_accepted', by: 'committee', reason: true },
  { from: 'in_progress', to: 'risk_accepted', by: 'committee', reason: true },
  { from: 'implemented', to: 'risk_accepted', by: 'committee', reason: true },
];

export const ENGAGEMENT_MOVES: readonly AuditMove[] = [
  { from: 'planned', to: 'fieldwork', by: 'auditor' },
  { from: 'fieldwork', to: 'draft_report', by: 'auditor' },
  { from: 'draft_report', to: 'management_response', by: 'management' },
  { from: 'management_response', to: 'final_report', by: 'auditor' },
];

/**
 * The annual audit plan's moves. The plan's view carries no `allowedTransitions`, so here the table alone says what
 * moves there are from a state (`superseded` is no move: agreeing a later version supersedes the one in force).
 */
export const PLAN_MOVES: readonly AuditMove[] = [
  { from: 'draft', to: 'submitted', by: 'auditor' },
  { from: 'submitted', to: 'agreed', by: 'committee' },
  { from: 'submitted', to: 'draft', by: 'committee', reason: true },
];

/** The moves of the table from `status`, as `allowedTransitions` would list them. */
export const movesFrom = (table: readonly AuditMove[], status: string): string[] => [
  ...new Set(table.filter((m) => m.from === status).map((m) => m.to)),
];

/** The engagement states in which the API takes findings and recommendations. */
export const FINDING_STATES: readonly string[] = ['fieldwork', 'draft_report'];

/** The actors a signed-in person is, from the token's roles and Member (as the API's `actorsOf`). */
export function actorsOf(user: { roles: readonly string[]; member: string } | null | undefined): AuditActor[] {
  if (!user) return [];
  const actors: AuditActor[] = [];
  if (user.roles.includes('auditor')) actors.push('auditor');
  if (user.roles.includes('finance-officer') && user.member === SECRETARIAT) actors.push('management');
  if (user.roles.includes('audit-committee')) actors.push('committee');
  return actors;
}

/**
 * The buttons a person gets on a thing in `status`: the moves the API lists from there (`allowed`) that are one of
 * the person's actors', once each, with whether a reason is asked for.
 */
export function movesFor(
  table: readonly AuditMove[],
  status: string,
  allowed: readonly string[],
  actors: readonly AuditActor[],
): { to: string; reason: boolean }[] {
  const out: { to: string; reason: boolean }[] = [];
  for (const m of table) {
    if (m.from !== status || !allowed.includes(m.to) || !actors.includes(m.by)) continue;
    if (out.some((o) => o.to === m.to)) continue;
    out.push({ to: m.to, reason: m.reason === true });
  }
  return out;
}

/** Days a due date (YYYY-MM-DD) is past on `today` (UTC, as the API counts overdue); 0 on or before it. */
export function daysPastDue(dueDate: string, today: Date = new Date()): number {
  const due = Date.parse(`${dueDate}T00:00:00Z`);
  if (Number.isNaN(due)) return 0;
  const day = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Math.max(0, Math.round((day - due) / 86_400_000));
}

/** The list's query string from its filters (empty ones left out). */
export function recommendationQuery(filters: { status?: string; overdue?: boolean }): string {
  const q = new URLSearchParams();
  if (filters.status) q.set('status', filters.status);
  if (filters.overdue) q.set('overdue', 'true');
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface NewRecommendation {
  text: string;
  priority: string;
  owner: string;
  dueDate: string;
}

/** The body of POST /audit-engagements/{id}/findings: client-made ids (a retry is the same finding). */
export function findingBody(
  form: { title: string; description: string; severity: string; recommendations: NewRecommendation[] },
  newId: () => string,
  findingId: string = newId(),
) {
  return {
    id: findingId,
    title: form.title,
    description: form.description,
    severity: form.severity,
    recommendations: form.recommendations.map((r) => ({
      id: newId(),
      text: r.text,
      priority: r.priority,
      owner: r.owner,
      dueDate: r.dueDate,
    })),
  };
}
