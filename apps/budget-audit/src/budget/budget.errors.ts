import { BusinessRuleError, ConflictError, NotFoundError } from '@wco/http';

/** The closed list of error codes of the fiscal-year and budget routes, besides the platform's own. */
export const BUDGET_ERROR_CODES = [
  'fiscal_year_not_found',
  'budget_version_not_found',
  'fiscal_year_exists',
  'invalid_transition',
  'id_reused',
  'duplicate_line',
  'revision_below_commitments',
  'virement_not_found',
  'same_line',
] as const;
export type BudgetErrorCode = (typeof BUDGET_ERROR_CODES)[number];

export class FiscalYearNotFoundError extends NotFoundError {
  constructor(year: number) {
    super(`fiscal year ${year} does not exist`, { code: 'fiscal_year_not_found' satisfies BudgetErrorCode });
  }
}

export class BudgetVersionNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`budget version ${id} does not exist`, { code: 'budget_version_not_found' satisfies BudgetErrorCode });
  }
}

export class InvalidTransitionError extends ConflictError {
  constructor(what: string, from: string, to: string) {
    super(`${what} is ${from} and cannot become ${to}`, { code: 'invalid_transition' satisfies BudgetErrorCode, extensions: { from, to } });
  }
}

/** A client-supplied id already names something created from another body. */
export class IdReusedError extends ConflictError {
  constructor(what: string, id: string) {
    super(`${what} ${id} already exists with another body: a new request needs a new id`, { code: 'id_reused' satisfies BudgetErrorCode });
  }
}

export class DuplicateLineError extends BusinessRuleError {
  constructor(code: string, index: number) {
    super(`line ${code} appears twice`, {
      code: 'duplicate_line' satisfies BudgetErrorCode,
      extensions: { errors: [{ field: `lines.${index}.code`, reason: `line ${code} appears twice` }] },
    });
  }
}

export class RevisionBelowCommitmentsError extends BusinessRuleError {
  constructor(code: string, finalCents: bigint, usedCents: bigint) {
    super(`line ${code} would get ${finalCents} cents but ${usedCents} are already committed or spent`, {
      code: 'revision_below_commitments' satisfies BudgetErrorCode,
      extensions: { lineCode: code, appropriationCents: finalCents.toString(), committedAndSpentCents: usedCents.toString() },
    });
  }
}

export class VirementNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`virement ${id} does not exist`, { code: 'virement_not_found' satisfies BudgetErrorCode });
  }
}

export class SameLineError extends BusinessRuleError {
  constructor() {
    super('a virement moves money between two different lines', {
      code: 'same_line' satisfies BudgetErrorCode,
      extensions: { errors: [{ field: 'toLineCode', reason: 'must differ from fromLineCode' }] },
    });
  }
}
