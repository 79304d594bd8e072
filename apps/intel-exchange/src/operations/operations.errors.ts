import { ConflictError, ForbiddenError, NotFoundError } from '@wco/http';

/**
 * The closed list of codes the operations feature answers with, beside the platform's own:
 * operation_not_found (404, also when the caller may not see it), not_operation_coordinator (403),
 * illegal_operation_transition (409), operation_frozen (409, participants of a closed or archived operation).
 * A caller without the operation-coordinator role gets the platform's 403 insufficient_role, from the guard or, should
 * a route reach the service without it, from CoordinatorRoleRequiredError (the same answer).
 */
export const OPERATION_ERROR_CODES = [
  'operation_not_found',
  'not_operation_coordinator',
  'illegal_operation_transition',
  'operation_frozen',
] as const;
export type OperationErrorCode = (typeof OPERATION_ERROR_CODES)[number];

const code = (c: OperationErrorCode): { code: OperationErrorCode } => ({ code: c });

export class OperationNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`operation ${id} does not exist or is not visible to you`, code('operation_not_found'));
  }
}

export class NotOperationCoordinatorError extends ForbiddenError {
  constructor(id: string) {
    super(`only the coordinator of operation ${id} may change it`, code('not_operation_coordinator'));
  }
}

export class IllegalOperationTransitionError extends ConflictError {
  constructor(from: string, to: string) {
    super(`an operation cannot go from ${from} to ${to}`, { ...code('illegal_operation_transition'), extensions: { from, to } });
  }
}

export class OperationFrozenError extends ConflictError {
  constructor(id: string, state: string) {
    super(`operation ${id} is ${state}: its participants can no longer change`, code('operation_frozen'));
  }
}

export class CoordinatorRoleRequiredError extends ForbiddenError {
  constructor(role: string) {
    super(`this action needs the ${role} role`, { code: 'insufficient_role' });
  }
}
