import type { Principal } from '@wco/auth';
import { isSecretariat } from '@wco/auth';
import { ForbiddenError } from '@wco/http';
import { IllegalTransitionError, ReasonRequiredError, TransitionForbiddenError } from './audit-plan.errors';

/*
 * The three workflows of audit work as data: each move, who makes it, and whether it needs a reason. The service
 * asks these tables and nothing else decides, so the 409 that lists the moves and the moves that run never disagree.
 *
 * Actors (segregation of duties, see the README's "Who does what"):
 * - `auditor`: the `auditor` role (internal audit, external auditor). Drafts plans, runs engagements, records
 *   findings and recommendations, verifies implementation. Writes no ledger entry and no budget (other routes).
 * - `management`: a finance officer of the WCO Secretariat (`finance-officer` with `wco_member: WCO`), the audited
 *   management that responds: the management response of an engagement, action plans, implementation.
 * - `committee`: the `audit-committee` role, members of the Audit Committee: agrees (or returns) the annual plan and
 *   is the only one who may accept a risk instead of a fix. The Finance Committee (`finance-committee`) adopts the
 *   budget and has no say here: the body that approves the budget is not the one that oversees its audit.
 * A caller holding several roles may act as each (the route's role guard admits the union of a table's actors), but
 * who reported a recommendation implemented never verifies it (the service checks the history: self_verification).
 */

export type AuditActor = 'auditor' | 'management' | 'committee';

export const PLAN_STATES = ['draft', 'submitted', 'agreed', 'superseded'] as const;
export type PlanState = (typeof PLAN_STATES)[number];
export const ENGAGEMENT_STATES = ['planned', 'fieldwork', 'draft_report', 'management_response', 'final_report'] as const;
export type EngagementState = (typeof ENGAGEMENT_STATES)[number];
export const RECOMMENDATION_STATES = ['open', 'in_progress', 'implemented', 'closed', 'risk_accepted'] as const;
export type RecommendationState = (typeof RECOMMENDATION_STATES)[number];

export interface Move<S extends string> {
  from: S;
  to: S;
  by: AuditActor;
  /** What the reason stands for when the move needs one. */
  reason?: string;
}

/** `superseded` is no move of its own: agreeing a later version of the year's plan supersedes the one in force. */
export const PLAN_MOVES: readonly Move<PlanState>[] = Object.freeze([
  { from: 'draft', to: 'submitted', by: 'auditor' },
  { from: 'submitted', to: 'agreed', by: 'committee' },
  { from: 'submitted', to: 'draft', by: 'committee', reason: 'what the Audit Committee asks to change' },
]);

export const ENGAGEMENT_MOVES: readonly Move<EngagementState>[] = Object.freeze([
  { from: 'planned', to: 'fieldwork', by: 'auditor' },
  { from: 'fieldwork', to: 'draft_report', by: 'auditor' },
  { from: 'draft_report', to: 'management_response', by: 'management' },
  { from: 'management_response', to: 'final_report', by: 'auditor' },
]);

export const RECOMMENDATION_MOVES: readonly Move<RecommendationState>[] = Object.freeze([
  { from: 'open', to: 'in_progress', by: 'management' },
  { from: 'open', to: 'implemented', by: 'management' },
  { from: 'in_progress', to: 'implemented', by: 'management' },
  { from: 'implemented', to: 'closed', by: 'auditor' },
  { from: 'implemented', to: 'in_progress', by: 'auditor', reason: 'why the verification found it not implemented' },
  ...(['open', 'in_progress', 'implemented'] as const).map((from): Move<RecommendationState> => ({
    from,
    to: 'risk_accepted',
    by: 'committee',
    reason: 'the justification for accepting the risk',
  })),
]);

/** States in which a recommendation can be overdue (management still has to act). */
export const ACTIONABLE: readonly RecommendationState[] = ['open', 'in_progress'];

export function actorsOf(caller: Principal): AuditActor[] {
  const actors: AuditActor[] = [];
  if (caller.roles.includes('auditor')) actors.push('auditor');
  if (caller.roles.includes('finance-officer') && isSecretariat(caller)) actors.push('management');
  if (caller.roles.includes('audit-committee')) actors.push('committee');
  return actors;
}

export function allowedMoves<S extends string>(table: readonly Move<S>[], from: S): S[] {
  return [...new Set(table.filter((m) => m.from === from).map((m) => m.to))];
}

/**
 * The move from `from` to `to` for this caller, or the error to answer: 409 invalid_transition (no such move, with
 * the moves there are), 403 insufficient_role (the move is someone else's), 422 reason_required.
 */
export function authoriseMove<S extends string>(
  table: readonly Move<S>[],
  what: string,
  caller: Principal,
  from: S,
  to: S,
  reason: string | undefined,
): Move<S> {
  const moves = table.filter((m) => m.from === from && m.to === to);
  if (moves.length === 0) throw new IllegalTransitionError(what, from, to, allowedMoves(table, from));
  const actors = actorsOf(caller);
  const move = moves.find((m) => actors.includes(m.by));
  if (!move)
    throw new TransitionForbiddenError(
      from,
      to,
      moves.map((m) => m.by),
    );
  if (move.reason && !reason?.trim()) throw new ReasonRequiredError(to, move.reason);
  return move;
}

/** A write only this actor makes (the role guard has admitted the route's roles; this adds the Secretariat rule). */
export function requireActor(caller: Principal, actor: AuditActor, what: string): void {
  if (!actorsOf(caller).includes(actor)) throw new ForbiddenError(`only the ${actor} may ${what}`, { code: 'insufficient_role' });
}
