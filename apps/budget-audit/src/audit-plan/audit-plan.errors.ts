import { BusinessRuleError, ConflictError, ForbiddenError, NotFoundError } from '@wco/http';

/** The closed list of error codes of the audit plan and follow-up routes, besides the platform's own. */
export const AUDIT_PLAN_ERROR_CODES = [
  'audit_plan_not_found',
  'audit_engagement_not_found',
  'audit_finding_not_found',
  'audit_recommendation_not_found',
  'invalid_transition',
  'insufficient_role',
  'reason_required',
  'self_verification',
  'plan_locked',
  'plan_not_agreed',
  'engagement_state_conflict',
  'recommendation_state_conflict',
  'id_reused',
] as const;
export type AuditPlanErrorCode = (typeof AUDIT_PLAN_ERROR_CODES)[number];

export class AuditPlanNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`audit plan ${id} does not exist`, { code: 'audit_plan_not_found' satisfies AuditPlanErrorCode });
  }
}

export class AuditEngagementNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`audit engagement ${id} does not exist`, { code: 'audit_engagement_not_found' satisfies AuditPlanErrorCode });
  }
}

export class AuditFindingNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`audit finding ${id} does not exist`, { code: 'audit_finding_not_found' satisfies AuditPlanErrorCode });
  }
}

export class AuditRecommendationNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`audit recommendation ${id} does not exist`, { code: 'audit_recommendation_not_found' satisfies AuditPlanErrorCode });
  }
}

/** A move the workflow has no rule for, from the state the thing is in; lists the moves it has. */
export class IllegalTransitionError extends ConflictError {
  constructor(what: string, from: string, to: string, allowed: string[]) {
    super(`${what} is ${from} and cannot become ${to}`, {
      code: 'invalid_transition' satisfies AuditPlanErrorCode,
      extensions: { from, to, allowedTransitions: allowed },
    });
  }
}

/** The workflow has the move, but not for this caller (the role guard let it in for another move of the route). */
export class TransitionForbiddenError extends ForbiddenError {
  constructor(from: string, to: string, by: string[]) {
    super(`moving from ${from} to ${to} is for: ${by.join(', ')}`, { code: 'insufficient_role' satisfies AuditPlanErrorCode });
  }
}

export class ReasonRequiredError extends BusinessRuleError {
  constructor(to: string, what: string) {
    super(`moving to ${to} needs ${what}`, {
      code: 'reason_required' satisfies AuditPlanErrorCode,
      extensions: { errors: [{ field: 'reason', reason: `is required to move to ${to} (${what})` }] },
    });
  }
}

export class PlanLockedError extends ConflictError {
  constructor(id: string, status: string) {
    super(`audit plan ${id} is ${status}: its engagements are fixed (draft a new version of the plan to change them)`, {
      code: 'plan_locked' satisfies AuditPlanErrorCode,
      extensions: { status },
    });
  }
}

export class PlanNotAgreedError extends ConflictError {
  constructor(planId: string, status: string) {
    super(`the engagement's audit plan ${planId} is ${status}: work starts once the Audit Committee agrees it`, {
      code: 'plan_not_agreed' satisfies AuditPlanErrorCode,
      extensions: { planStatus: status },
    });
  }
}

export class EngagementStateConflictError extends ConflictError {
  constructor(id: string, status: string, what: string) {
    super(`audit engagement ${id} is ${status}: ${what}`, {
      code: 'engagement_state_conflict' satisfies AuditPlanErrorCode,
      extensions: { status },
    });
  }
}

export class RecommendationStateConflictError extends ConflictError {
  constructor(id: string, status: string, what: string) {
    super(`audit recommendation ${id} is ${status}: ${what}`, {
      code: 'recommendation_state_conflict' satisfies AuditPlanErrorCode,
      extensions: { status },
    });
  }
}

/** Segregation of duties within one person: who reported a recommendation implemented does not verify it. */
export class SelfVerificationError extends ForbiddenError {
  constructor(id: string) {
    super(`audit recommendation ${id} was reported implemented by the caller: another auditor verifies it`, {
      code: 'self_verification' satisfies AuditPlanErrorCode,
    });
  }
}
