import { IsIn, IsInt, IsUUID, Matches, Max, Min } from 'class-validator';
import { Topics } from '../../topics/topic-registry';

/** Severity of an audit finding and priority of a recommendation, highest first. */
export const AUDIT_RATINGS = ['high', 'medium', 'low'] as const;
export type AuditRating = (typeof AUDIT_RATINGS)[number];

/**
 * Who owns a recommendation: the code of a Secretariat unit (`ORG2/FIN`) or the id of a person the organisation
 * publishes, never a name or an e-mail address.
 */
export const AUDIT_OWNER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An audit recommendation passed its due date without being implemented (budget-audit's follow-up job). Sent once
 * per overdue episode: `episode` counts them (a due date moved later, or a verification that sends it back to
 * work, ends one; passing the date again starts the next). Ids and ratings only: no finding text, no person.
 */
export class RecommendationOverdueEvent {
  static readonly type = 'org.wcoomd.budget.followup.recommendation-overdue.v1';
  static readonly topic = Topics.BudgetFollowup;

  @IsUUID()
  recommendationId: string;

  @IsUUID()
  findingId: string;

  @IsUUID()
  engagementId: string;

  @IsInt()
  @Min(2000)
  @Max(2200)
  fiscalYear: number;

  @IsIn(AUDIT_RATINGS)
  severity: AuditRating;

  @IsIn(AUDIT_RATINGS)
  priority: AuditRating;

  @Matches(AUDIT_OWNER_PATTERN, { message: 'owner must be a unit code or a published person id' })
  owner: string;

  /** YYYY-MM-DD: the date that passed. */
  @Matches(DATE, { message: 'dueDate must be a date YYYY-MM-DD' })
  dueDate: string;

  @IsIn(['open', 'in_progress'])
  status: 'open' | 'in_progress';

  @IsInt()
  @Min(1)
  episode: number;
}
