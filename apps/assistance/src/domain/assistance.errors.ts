import { BusinessRuleError, ConflictError, ForbiddenError, NotFoundError } from '@wco/http';
import type { AllowedTransition, RequestState } from '../requests/request-workflow';

/** The closed list of error codes of the assistance routes, besides the platform's own (validation, auth, idempotency). */
export const ASSISTANCE_ERROR_CODES = [
  'request_not_found',
  'mission_not_found',
  'expert_not_found',
  'illegal_transition',
  'transition_forbidden',
  'version_conflict',
  'transition_precondition_failed',
  'request_state_conflict',
  'mission_state_conflict',
  'expert_assignment_refused',
  'expert_already_registered',
  'evaluation_not_found',
  'illegal_logistics_move',
  'follow_up_not_found',
  'follow_up_not_requested',
  'illegal_follow_up_transition',
  'no_activities',
  'calendar_feed_not_found',
  'forbidden',
] as const;
export type AssistanceErrorCode = (typeof ASSISTANCE_ERROR_CODES)[number];

// Not-found answers never depend on whether the thing exists: hidden and missing read the same.
export class RequestNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`request ${id} does not exist or is not visible to you`, { code: 'request_not_found' satisfies AssistanceErrorCode });
  }
}

export class MissionNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`mission ${id} does not exist or is not visible to you`, { code: 'mission_not_found' satisfies AssistanceErrorCode });
  }
}

export class ExpertNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`expert ${id} does not exist or is not visible to you`, { code: 'expert_not_found' satisfies AssistanceErrorCode });
  }
}

export class IllegalTransitionError extends ConflictError {
  constructor(from: RequestState, to: string, allowed: AllowedTransition[]) {
    super(`a request in state ${from} cannot move to ${to}`, {
      code: 'illegal_transition' satisfies AssistanceErrorCode,
      extensions: { state: from, allowedTransitions: allowed },
    });
  }
}

export class TransitionForbiddenError extends ForbiddenError {
  constructor(from: RequestState, to: RequestState, by: string[]) {
    super(`only ${by.join(' or ')} may move a request from ${from} to ${to}`, {
      code: 'transition_forbidden' satisfies AssistanceErrorCode,
      extensions: { state: from, requiredActor: by },
    });
  }
}

export class VersionConflictError extends ConflictError {
  constructor(expected: number, current: number, what: 'request' | 'mission' | 'follow-up visit' = 'request') {
    super(`the ${what} is at version ${current}, not ${expected}: reload it and try again`, {
      code: 'version_conflict' satisfies AssistanceErrorCode,
      extensions: { currentVersion: current },
    });
  }
}

export class TransitionPreconditionError extends BusinessRuleError {
  constructor(message: string, field?: string) {
    super(message, { code: 'transition_precondition_failed' satisfies AssistanceErrorCode, extensions: field ? { field } : {} });
  }
}

export class RequestStateConflictError extends ConflictError {
  constructor(message: string, state: string) {
    super(message, { code: 'request_state_conflict' satisfies AssistanceErrorCode, extensions: { state } });
  }
}

export class MissionStateConflictError extends ConflictError {
  constructor(message: string, extensions: Record<string, unknown>) {
    super(message, { code: 'mission_state_conflict' satisfies AssistanceErrorCode, extensions });
  }
}

export interface AssignmentRefusal {
  reason:
    | 'conflict_of_interest'
    | 'overlapping_mission'
    | 'language_missing'
    | 'thematic_area_missing'
    | 'accreditation_expired'
    | 'expert_inactive';
  detail: string;
}

export class ExpertAssignmentRefusedError extends BusinessRuleError {
  constructor(readonly refusals: AssignmentRefusal[]) {
    super(`the expert cannot be assigned: ${refusals.map((r) => r.reason).join(', ')}`, {
      code: 'expert_assignment_refused' satisfies AssistanceErrorCode,
      extensions: { reasons: refusals },
    });
  }
}

export class ExpertAlreadyRegisteredError extends ConflictError {
  constructor() {
    super('an expert with this subject is already on the roster', { code: 'expert_already_registered' satisfies AssistanceErrorCode });
  }
}

export class IllegalLogisticsMoveError extends ConflictError {
  constructor(from: string, to: string, allowed: { to: string; by: string[]; reasonRequired: boolean }[]) {
    super(`the mission's logistics cannot move from ${from} to ${to}`, {
      code: 'illegal_logistics_move' satisfies AssistanceErrorCode,
      extensions: { logisticsStatus: from, allowedMoves: allowed },
    });
  }
}

export class FollowUpNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`follow-up visit ${id} does not exist or is not visible to you`, { code: 'follow_up_not_found' satisfies AssistanceErrorCode });
  }
}

export class FollowUpNotRequestedError extends BusinessRuleError {
  constructor(requestId: string) {
    super(`the evaluation of request ${requestId} does not ask for a follow-up visit`, {
      code: 'follow_up_not_requested' satisfies AssistanceErrorCode,
      extensions: { field: 'followUpNeeded' },
    });
  }
}

export class IllegalFollowUpTransitionError extends ConflictError {
  constructor(from: string, to: string, allowed: string[]) {
    super(`a follow-up visit that is ${from} cannot become ${to}`, {
      code: 'illegal_follow_up_transition' satisfies AssistanceErrorCode,
      extensions: { followUpStatus: from, allowedTransitions: allowed },
    });
  }
}
