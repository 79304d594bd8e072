/**
 * Money in events is EUR integer cents as a JSON number. The bound keeps every amount exact in a JavaScript number
 * (below 2^53) with room for sums of many amounts: 10^15 cents = 10 trillion EUR, far above any budget line.
 */
export const MAX_AMOUNT_CENTS = 1_000_000_000_000_000;

/** A budget line's code: chapter.article.line, e.g. `2.10.003` (budget-audit's spelling, shared with assistance). */
export const BUDGET_LINE_CODE_PATTERN = /^[0-9]{1,2}\.[0-9]{1,3}\.[0-9]{1,4}$/;

/** Why budget-audit refused to reserve a mission's funding (snake_case, the API's spelling). */
export const FUNDING_REJECTION_REASONS = ['insufficient_funds', 'closed_year', 'unknown_line'] as const;
export type FundingRejectionReason = (typeof FUNDING_REJECTION_REASONS)[number];
