import { AccessRecordedEvent } from './intel/access-recorded.event';
import { FeedbackRecordedEvent } from './intel/feedback-recorded.event';
import { MatchFoundEvent } from './intel/match-found.event';
import { OperationChangedEvent } from './intel/operation-changed.event';
import { ReportPurgedEvent } from './intel/report-purged.event';
import { ReportRevisedEvent } from './intel/report-revised.event';
import { ReportSubmittedEvent } from './intel/report-submitted.event';
import { LedgerCreatedEvent } from './budget/ledger-created.event';
import { AuditEntryAppendedEvent } from './budget/audit-entry-appended.event';
import { TreeHeadSignedEvent } from './budget/tree-head-signed.event';
import { RecommendationOverdueEvent } from './budget/recommendation-overdue.event';
import { MissionNewsEvent } from './assistance/mission-news.event';
import { RequestMovedEvent } from './assistance/request-moved.event';
import { FundingCancelledEvent } from './funding/funding-cancelled.event';
import { FundingCostPostedEvent } from './funding/funding-cost-posted.event';
import { FundingRequestedEvent } from './funding/funding-requested.event';
import { FundingPostedEvent, FundingRejectedEvent, FundingReleasedEvent, FundingReservedEvent } from './funding/funding-answers.event';
import { WebhookCreatedEvent } from './gateway/webhook-created.event';
import {
  PublicationAccessChangedEvent,
  PublicationEmbargoLiftedEvent,
  PublicationNotificationEvent,
  PublicationReleasedEvent,
  PublicationRevisedEvent,
  PublicationWithdrawnEvent,
} from './research/publication-change.event';

/** A payload class with the ce_type it is sent under and the topic it belongs on. */
export interface EventContract<T extends object = object> {
  new (): T;
  readonly type: string;
  readonly topic: string;
}

/** Every event the platform emits. Adding an event = adding its class here. */
export const EVENT_CONTRACTS: readonly EventContract[] = Object.freeze([
  ReportSubmittedEvent,
  ReportRevisedEvent,
  ReportPurgedEvent,
  MatchFoundEvent,
  AccessRecordedEvent,
  FeedbackRecordedEvent,
  OperationChangedEvent,
  LedgerCreatedEvent,
  AuditEntryAppendedEvent,
  TreeHeadSignedEvent,
  RecommendationOverdueEvent,
  MissionNewsEvent,
  RequestMovedEvent,
  FundingRequestedEvent,
  FundingCostPostedEvent,
  FundingCancelledEvent,
  FundingReservedEvent,
  FundingRejectedEvent,
  FundingPostedEvent,
  FundingReleasedEvent,
  PublicationReleasedEvent,
  PublicationRevisedEvent,
  PublicationWithdrawnEvent,
  PublicationEmbargoLiftedEvent,
  PublicationAccessChangedEvent,
  PublicationNotificationEvent,
  WebhookCreatedEvent,
]);

const byType = new Map<string, EventContract>(EVENT_CONTRACTS.map((c) => [c.type, c]));
if (byType.size !== EVENT_CONTRACTS.length) throw new Error('two event contracts share a ce_type');

export function findEventContract(type: string): EventContract | undefined {
  return byType.get(type);
}

export function isKnownEventType(type: string): boolean {
  return byType.has(type);
}
