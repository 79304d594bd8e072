import type { FieldError } from '@wco/http';
import { BadRequestError, ValidationFailedError } from '@wco/http';

/**
 * The closed list of codes the STIX feature answers with of its own, beside the reports feature's
 * (`report_not_found`, `report_purged`, `export_forbidden`), the operations feature's (`operation_not_found`) and the
 * platform's:
 *
 * | code | status | when |
 * |---|---|---|
 * | stix_import_invalid | 400 | the upload is not valid STIX 2.1 (every schema error with its path), holds no report, or several and none named |
 */
export const STIX_ERROR_CODES = ['stix_import_invalid'] as const;
export type StixErrorCode = (typeof STIX_ERROR_CODES)[number];

const code = (c: StixErrorCode): { code: StixErrorCode } => ({ code: c });

/** The bundle fails the STIX 2.1 schemas: every error, named by its path in the bundle. */
export class StixBundleInvalidError extends ValidationFailedError {
  constructor(errors: FieldError[]) {
    super(errors, code('stix_import_invalid'));
  }
}

/** A valid bundle that cannot become a draft (no report in it, or several and none named). */
export class StixImportRefusedError extends BadRequestError {
  constructor(message: string, field: string) {
    super(message, { ...code('stix_import_invalid'), extensions: { errors: [{ field, reason: message }] } });
  }
}
