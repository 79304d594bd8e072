import type { FieldError } from '@wco/http';
import { BusinessRuleError, ConflictError, ForbiddenError, NotFoundError, ValidationFailedError } from '@wco/http';

/**
 * The closed list of codes the reports feature answers with (problem+json `code`), beside the platform's own
 * (`validation_failed`, `invalid_cursor`, `idempotency_*`, `unauthorized`...). Each code has one error class below;
 * a new failure gets a new code here first, so clients can switch on a known set.
 *
 * | code | status | when |
 * |---|---|---|
 * | report_not_found | 404 | no such report, or the caller may not see it (the same answer) |
 * | report_version_not_found | 404 | the report has no such version |
 * | report_purged | 404 | the report was purged under its retention date |
 * | not_originator | 403 | revising or deciding on corrections of another Member's report |
 * | export_forbidden | 403 | exporting a RED or AMBER+STRICT report of another Member |
 * | operation_not_active | 422 | attaching a report to an operation that is not active |
 * | not_operation_participant | 422 | `operationId` names an operation the caller's Member is not part of |
 * | operation_template_not_met | 422 | the report leaves out fields the operation requires |
 * | correction_not_found | 404 | no such correction on this report |
 * | correction_already_decided | 409 | deciding on a correction twice |
 * | correction_no_longer_applies | 422 | accepting a correction that no longer makes a valid report |
 */
export const REPORT_ERROR_CODES = [
  'report_not_found',
  'report_version_not_found',
  'report_purged',
  'not_originator',
  'export_forbidden',
  'operation_not_active',
  'not_operation_participant',
  'operation_template_not_met',
  'correction_not_found',
  'correction_already_decided',
  'correction_no_longer_applies',
] as const;
export type ReportErrorCode = (typeof REPORT_ERROR_CODES)[number];

const code = (c: ReportErrorCode): { code: ReportErrorCode } => ({ code: c });

export class ReportNotFoundError extends NotFoundError {
  constructor(id: string) {
    // The same answer whether the report does not exist or the caller may not see it: no existence leak.
    super(`report ${id} does not exist or is not visible to you`, code('report_not_found'));
  }
}

export class ReportVersionNotFoundError extends NotFoundError {
  constructor(id: string, version: number) {
    super(`report ${id} has no version ${version}`, code('report_version_not_found'));
  }
}

export class ReportPurgedError extends NotFoundError {
  constructor(id: string) {
    super(`report ${id} was purged under its retention date; only a tombstone remains`, code('report_purged'));
  }
}

export class NotOriginatorError extends ForbiddenError {
  constructor(id: string, action: string) {
    super(`only the originating Member of report ${id} may ${action}`, code('not_originator'));
  }
}

/** The same answer as the Roles guard's (platform code insufficient_role), for a service call that reaches here without it. */
export class AnalystRoleRequiredError extends ForbiddenError {
  constructor() {
    super('this action needs the member-analyst role', { code: 'insufficient_role' });
  }
}

export class OperationNotOpenForReportsError extends BusinessRuleError {
  constructor(id: string, state: string) {
    super(`operation ${id} is ${state}: reports can be attached only while it is active`, code('operation_not_active'));
  }
}

export class CorrectionNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`correction ${id} does not exist on this report`, code('correction_not_found'));
  }
}

export class CorrectionAlreadyDecidedError extends ConflictError {
  constructor(id: string, status: string) {
    super(`correction ${id} was already ${status}`, code('correction_already_decided'));
  }
}

export class ExportForbiddenError extends ForbiddenError {
  constructor(id: string, tlp: string) {
    super(`report ${id} is TLP:${tlp}: only its originating Member may export it`, code('export_forbidden'));
  }
}

export class NotOperationParticipantError extends ValidationFailedError {
  constructor() {
    super([{ field: 'operationId', reason: 'is not an operation your Member takes part in' }], code('not_operation_participant'));
  }
}

export class OperationTemplateNotMetError extends ValidationFailedError {
  constructor(missing: FieldError[]) {
    super(missing, code('operation_template_not_met'));
  }
}

export class CorrectionNoLongerAppliesError extends ValidationFailedError {
  constructor(errors: FieldError[]) {
    super(errors, code('correction_no_longer_applies'));
  }
}
