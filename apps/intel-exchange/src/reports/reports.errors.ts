import { BusinessRuleError, ConflictError, ForbiddenError, NotFoundError } from '@wco/http';

export class ReportNotFoundError extends NotFoundError {
  constructor(id: string) {
    // The same answer whether the report does not exist or the caller may not see it: no existence leak.
    super(`report ${id} does not exist or is not visible to you`, { code: 'report_not_found' });
  }
}

export class ReportVersionNotFoundError extends NotFoundError {
  constructor(id: string, version: number) {
    super(`report ${id} has no version ${version}`, { code: 'report_version_not_found' });
  }
}

export class ReportPurgedError extends NotFoundError {
  constructor(id: string) {
    super(`report ${id} was purged under its retention date; only a tombstone remains`, { code: 'report_purged' });
  }
}

export class NotOriginatorError extends ForbiddenError {
  constructor(id: string, action: string) {
    super(`only the originating Member of report ${id} may ${action}`, { code: 'not_originator' });
  }
}

export class AnalystRoleRequiredError extends ForbiddenError {
  constructor() {
    super('this action needs the member-analyst role', { code: 'role_required' });
  }
}

export class OperationNotOpenForReportsError extends BusinessRuleError {
  constructor(id: string, state: string) {
    super(`operation ${id} is ${state}: reports can be attached only while it is active`, { code: 'operation_not_active' });
  }
}

export class CorrectionNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`correction ${id} does not exist on this report`, { code: 'correction_not_found' });
  }
}

export class CorrectionAlreadyDecidedError extends ConflictError {
  constructor(id: string, status: string) {
    super(`correction ${id} was already ${status}`, { code: 'correction_already_decided' });
  }
}

export class ExportForbiddenError extends ForbiddenError {
  constructor(id: string, tlp: string) {
    super(`report ${id} is TLP:${tlp}: only its originating Member may export it`, { code: 'export_forbidden' });
  }
}
