import { ConflictError, ForbiddenError, NotFoundError } from '@wco/http';

/**
 * The closed list of codes the operations feature answers with, beside the platform's own:
 * operation_not_found (404, also when the caller may not see it), not_operation_coordinator (403),
 * illegal_operation_transition (409), operation_frozen (409, participants or report template of a closed or archived
 * operation); for templates operation_template_not_found (404, also another organisation's),
 * operation_template_name_taken (409) and operation_template_version_conflict (409, an edit of a stale version).
 * A caller without the operation-coordinator role gets the platform's 403 insufficient_role, from the guard or, should
 * a route reach the service without it, from CoordinatorRoleRequiredError (the same answer).
 */
export const OPERATION_ERROR_CODES = [
  'operation_not_found',
  'not_operation_coordinator',
  'illegal_operation_transition',
  'operation_frozen',
  'operation_template_not_found',
  'operation_template_name_taken',
  'operation_template_version_conflict',
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
    super(`operation ${id} is ${state}: its participants and report template can no longer change`, code('operation_frozen'));
  }
}

export class CoordinatorRoleRequiredError extends ForbiddenError {
  constructor(role: string) {
    super(`this action needs the ${role} role`, { code: 'insufficient_role' });
  }
}

export class OperationTemplateNotFoundError extends NotFoundError {
  constructor(id: string) {
    // Another organisation's template is answered like a missing one.
    super(`operation template ${id} does not exist or is not your organisation's`, code('operation_template_not_found'));
  }
}

export class OperationTemplateNameTakenError extends ConflictError {
  constructor(name: string) {
    super(`your organisation already has an operation template named ${JSON.stringify(name)}`, {
      ...code('operation_template_name_taken'),
      extensions: { errors: [{ field: 'name', reason: 'is already the name of another of your templates' }] },
    });
  }
}

export class OperationTemplateVersionConflictError extends ConflictError {
  constructor(id: string, expected: number, current: number) {
    super(`operation template ${id} is at version ${current}, not ${expected}: read it again and repeat the edit`, {
      ...code('operation_template_version_conflict'),
      extensions: { currentVersion: current },
    });
  }
}
