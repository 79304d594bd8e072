import { NotFoundError } from '@wco/http';

/** The closed list of error codes the ledgers routes answer with, besides the platform's own (validation, auth). */
export const LEDGER_ERROR_CODES = ['ledger_not_found'] as const;
export type LedgerErrorCode = (typeof LEDGER_ERROR_CODES)[number];

export class LedgerNotFoundError extends NotFoundError {
  constructor(id: string) {
    // The same answer whether the ledger does not exist or the caller may not see it: no existence leak.
    super(`ledger ${id} does not exist or is not visible to you`, { code: 'ledger_not_found' satisfies LedgerErrorCode });
  }
}
