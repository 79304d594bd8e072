import { NotFoundError, ValidationFailedError } from '@wco/http';

/** The closed list of error codes of the audit-log routes, besides the platform's own. */
export const AUDIT_LOG_ERROR_CODES = ['audit_entry_not_found', 'audit_tree_head_not_found', 'validation_failed'] as const;

export class AuditEntryNotFoundError extends NotFoundError {
  constructor(seq: number) {
    super(`the audit log has no entry ${seq}`, { code: 'audit_entry_not_found' });
  }
}

export class TreeHeadNotFoundError extends NotFoundError {
  constructor() {
    super('the audit log has no signed tree head yet', { code: 'audit_tree_head_not_found' });
  }
}

/** A proof asked of sizes the log does not have: 400 naming the parameter. */
export function badProofParameter(field: string, message: string): ValidationFailedError {
  return new ValidationFailedError([{ field, reason: message }]);
}
