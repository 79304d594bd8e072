import { ConflictError, ForbiddenError, NotFoundError } from '@wco/http';

export class OperationNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`operation ${id} does not exist or is not visible to you`, { code: 'operation_not_found' });
  }
}

export class NotOperationCoordinatorError extends ForbiddenError {
  constructor(id: string) {
    super(`only the coordinator of operation ${id} may change it`, { code: 'not_operation_coordinator' });
  }
}

export class IllegalOperationTransitionError extends ConflictError {
  constructor(from: string, to: string) {
    super(`an operation cannot go from ${from} to ${to}`, { code: 'illegal_operation_transition', extensions: { from, to } });
  }
}

export class OperationFrozenError extends ConflictError {
  constructor(id: string, state: string) {
    super(`operation ${id} is ${state}: its participants can no longer change`, { code: 'operation_frozen' });
  }
}
