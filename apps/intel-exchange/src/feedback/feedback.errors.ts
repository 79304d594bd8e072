import { NotFoundError } from '@wco/http';

/**
 * The closed list of codes the feedback feature answers with, beside the reports feature's (`report_not_found`) and
 * the platform's own (`insufficient_role`...): match_not_found (404, the match is not one of the caller's Member, or
 * not on this report).
 */
export const FEEDBACK_ERROR_CODES = ['match_not_found'] as const;
export type FeedbackErrorCode = (typeof FEEDBACK_ERROR_CODES)[number];

export class MatchNotFoundError extends NotFoundError {
  constructor(matchId: string, reportId?: string) {
    super(
      reportId
        ? `match ${matchId} is not a match of your Member on report ${reportId}`
        : `match ${matchId} does not exist or is not a match of your Member`,
      { code: 'match_not_found' satisfies FeedbackErrorCode },
    );
  }
}
