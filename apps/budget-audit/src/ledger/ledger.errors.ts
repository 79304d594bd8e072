import { BusinessRuleError, ConflictError, DomainError, NotFoundError } from '@wco/http';

/** The closed list of error codes of the journal and commitment routes, besides the platform's own. */
export const LEDGER_ERROR_CODES = [
  'entry_not_found',
  'commitment_not_found',
  'id_reused',
  'entry_unbalanced',
  'unknown_fiscal_year',
  'fiscal_year_not_open',
  'fiscal_year_closed',
  'unknown_account',
  'unknown_line',
  'line_required',
  'line_not_allowed',
  'insufficient_funds',
  'already_reversed',
  'unknown_entry',
  'commitment_not_pending',
  'post_exceeds_reservation',
  'account_not_found',
  'account_inactive',
  'account_required',
  'account_not_active',
] as const;
export type LedgerErrorCode = (typeof LEDGER_ERROR_CODES)[number];

const field = (name: string, reason: string): { errors: { field: string; reason: string }[] } => ({ errors: [{ field: name, reason }] });

export class EntryNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`journal entry ${id} does not exist`, { code: 'entry_not_found' satisfies LedgerErrorCode });
  }
}

export class CommitmentNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`commitment ${id} does not exist`, { code: 'commitment_not_found' satisfies LedgerErrorCode });
  }
}

export class LedgerIdReusedError extends ConflictError {
  constructor(what: string, id: string, fieldName?: string) {
    super(`${what} ${id} already exists with another body: a new request needs a new id`, {
      code: 'id_reused' satisfies LedgerErrorCode,
      extensions: fieldName ? field(fieldName, 'already used with another body') : undefined,
    });
  }
}

export class UnbalancedEntryError extends BusinessRuleError {
  constructor(debit: bigint, credit: bigint) {
    super(`the entry does not balance: debits ${debit} cents, credits ${credit} cents`, {
      code: 'entry_unbalanced' satisfies LedgerErrorCode,
      extensions: {
        debitCents: debit.toString(),
        creditCents: credit.toString(),
        differenceCents: (debit - credit).toString(),
        ...field('postings', 'debits and credits must be equal'),
      },
    });
  }
}

export class UnknownFiscalYearError extends BusinessRuleError {
  constructor(year: number, fieldName = 'fiscalYear') {
    super(`fiscal year ${year} does not exist`, {
      code: 'unknown_fiscal_year' satisfies LedgerErrorCode,
      extensions: field(fieldName, `fiscal year ${year} does not exist`),
    });
  }
}

/** The year is closed: a correction is an adjusting entry in the next open year that names what it corrects. */
export class FiscalYearClosedError extends BusinessRuleError {
  constructor(year: number, fieldName = 'fiscalYear') {
    super(`fiscal year ${year} is closed: post an adjusting entry in the next open year with "corrects" naming the entry`, {
      code: 'fiscal_year_closed' satisfies LedgerErrorCode,
      extensions: { fiscalYear: year, ...field(fieldName, `fiscal year ${year} is closed`) },
    });
  }
}

export class FiscalYearNotOpenError extends BusinessRuleError {
  constructor(year: number, status: string, fieldName = 'fiscalYear') {
    super(`fiscal year ${year} is ${status} and takes no such write`, {
      code: 'fiscal_year_not_open' satisfies LedgerErrorCode,
      extensions: { fiscalYear: year, status, ...field(fieldName, `fiscal year ${year} is ${status}`) },
    });
  }
}

export class UnknownAccountError extends BusinessRuleError {
  constructor(code: string, fieldName: string) {
    super(`account ${code} does not exist`, {
      code: 'unknown_account' satisfies LedgerErrorCode,
      extensions: field(fieldName, `account ${code} does not exist`),
    });
  }
}

export class AccountNotFoundError extends NotFoundError {
  constructor(code: string) {
    super(`account ${code} does not exist`, { code: 'account_not_found' satisfies LedgerErrorCode });
  }
}

/** The account was deactivated: it takes no new posting (its entries stay readable). */
export class InactiveAccountError extends BusinessRuleError {
  constructor(code: string, fieldName: string) {
    super(`account ${code} is inactive and takes no new posting`, {
      code: 'account_inactive' satisfies LedgerErrorCode,
      extensions: { account: code, ...field(fieldName, `account ${code} is inactive`) },
    });
  }
}

/** The service posts to this account by itself (commitments and the funding saga): it stays active. */
export class AccountRequiredError extends BusinessRuleError {
  constructor(code: string) {
    super(`account ${code} takes the postings of commitments and the funding saga and cannot be deactivated`, {
      code: 'account_required' satisfies LedgerErrorCode,
      extensions: { account: code, ...field('code', `account ${code} is used by commitments`) },
    });
  }
}

export class AccountNotActiveError extends ConflictError {
  constructor(code: string) {
    super(`account ${code} is inactive: reactivate it before renaming it`, {
      code: 'account_not_active' satisfies LedgerErrorCode,
      extensions: { account: code, status: 'inactive' },
    });
  }
}

export class UnknownLineError extends BusinessRuleError {
  constructor(code: string, year: number, fieldName: string) {
    super(`budget line ${code} does not exist in fiscal year ${year}`, {
      code: 'unknown_line' satisfies LedgerErrorCode,
      extensions: field(fieldName, `budget line ${code} does not exist in ${year}`),
    });
  }
}

export class LineRuleError extends BusinessRuleError {
  constructor(kind: 'line_required' | 'line_not_allowed', fieldName: string, account: string) {
    const reason =
      kind === 'line_required'
        ? `expense account ${account} needs the budget line it is charged to`
        : `account ${account} is not an expense account and takes no budget line`;
    super(reason, { code: kind satisfies LedgerErrorCode, extensions: field(fieldName, reason) });
  }
}

export class InsufficientFundsError extends BusinessRuleError {
  constructor(lineCode: string, requested: bigint, available: bigint, fieldName: string) {
    super(`budget line ${lineCode} has ${available} cents available, ${requested} requested`, {
      code: 'insufficient_funds' satisfies LedgerErrorCode,
      extensions: {
        lineCode,
        requestedCents: requested.toString(),
        availableCents: available.toString(),
        ...field(fieldName, `exceeds the ${available} cents available on line ${lineCode}`),
      },
    });
  }
}

export class AlreadyReversedError extends ConflictError {
  constructor(id: string, by: string, fieldName?: string) {
    super(`journal entry ${id} is already reversed by ${by}`, {
      code: 'already_reversed' satisfies LedgerErrorCode,
      extensions: { reversedBy: by, ...(fieldName ? field(fieldName, `already reversed by ${by}`) : {}) },
    });
  }
}

export class UnknownEntryError extends BusinessRuleError {
  constructor(id: string, fieldName: string, reason: string) {
    super(reason, { code: 'unknown_entry' satisfies LedgerErrorCode, extensions: { entryId: id, ...field(fieldName, reason) } });
  }
}

export class CommitmentNotPendingError extends ConflictError {
  constructor(id: string, status: string) {
    super(`commitment ${id} is ${status}, not pending`, {
      code: 'commitment_not_pending' satisfies LedgerErrorCode,
      extensions: { status },
    });
  }
}

export class PostExceedsReservationError extends BusinessRuleError {
  constructor(requested: bigint, reserved: bigint) {
    super(`${requested} cents cannot be posted on a reservation of ${reserved} cents`, {
      code: 'post_exceeds_reservation' satisfies LedgerErrorCode,
      extensions: {
        requestedCents: requested.toString(),
        reservedCents: reserved.toString(),
        ...field('amountCents', `at most the ${reserved} cents reserved`),
      },
    });
  }
}

/** The error of one item of a batch, its fields named from the batch's root (`entries.3.postings.0.amountCents`). */
export function atItem<T>(prefix: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw prefixed(error, prefix);
  }
}

export function prefixed(error: unknown, prefix: string): unknown {
  if (error instanceof DomainError) {
    const errors = error.extensions['errors'];
    if (Array.isArray(error.extensions['errors'])) {
      error.extensions['errors'] = (errors as { field: string; reason: string }[]).map((e) => ({ ...e, field: `${prefix}.${e.field}` }));
    }
  }
  return error;
}
