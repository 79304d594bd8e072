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
  constructor(expected: number, current: number) {
    super(`the request is at version ${current}, not ${expected}: reload it and try again`, {
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
