import type { MatchFoundEvent, MissionNewsEvent, PublicationNotificationEvent, RequestMovedEvent } from '@wco/contracts';

/**
 * What a Member is notified of: the type names a webhook endpoint filters on, and what each carries. A
 * notification holds only what its event carried for that Member, and never a person: the research event's
 * `subscriber` (a user id) is dropped, the match keeps the indicator kinds and never values.
 */
export const NOTIFICATION_TYPES = [
  'intel.match.found',
  'research.publication.notified',
  'assistance.mission.news',
  'assistance.request.moved',
  'gateway.webhook.disabled',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** A notification to record for one Member. `dedupeKey` is unique per Member: a second one with it is not recorded. */
export interface NewNotification {
  member: string;
  type: NotificationType;
  subject: string;
  data: Record<string, unknown>;
  dedupeKey: string;
  /** The trace of the event it came from (its deliveries continue it). */
  traceparent?: string;
  tracestate?: string;
}

/** Drops undefined members, so stored JSON has no `null` the event never had. */
function defined(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
}

export function matchNotification(e: MatchFoundEvent): NewNotification {
  return {
    member: e.memberToNotify,
    type: 'intel.match.found',
    subject: e.matchId,
    dedupeKey: `match:${e.matchId}`,
    data: defined({
      matchId: e.matchId,
      reportId: e.reportId,
      matchedReportId: e.matchedReportId,
      indicatorKinds: e.indicatorKinds,
      matchedAt: e.matchedAt,
    }),
  };
}

/**
 * The catalogue emits one event per subscribed user; the Member is told once per version and change, however
 * many of its users follow the publication's topics.
 */
export function publicationNotification(e: PublicationNotificationEvent): NewNotification {
  return {
    member: e.subscriberMember,
    type: 'research.publication.notified',
    subject: e.publicationId,
    dedupeKey: `publication:${e.versionId}:${e.change}`,
    data: {
      publicationId: e.publicationId,
      versionId: e.versionId,
      version: e.version,
      change: e.change,
      matchedTopics: e.matchedTopics,
      occurredAt: e.occurredAt,
    },
  };
}

export function missionNewsNotification(e: MissionNewsEvent, eventId: string): NewNotification {
  return {
    member: e.member,
    type: 'assistance.mission.news',
    subject: e.missionId,
    dedupeKey: `mission:${eventId}`,
    data: defined({
      missionId: e.missionId,
      requestId: e.requestId,
      news: e.news,
      title: e.title,
      startDate: e.startDate,
      endDate: e.endDate,
      occurredAt: e.occurredAt,
    }),
  };
}

/** A move of an assistance request (more information requested, approved, rejected...), for the requesting Member. */
export function requestMovedNotification(e: RequestMovedEvent, eventId: string): NewNotification {
  return {
    member: e.member,
    type: 'assistance.request.moved',
    subject: e.requestId,
    dedupeKey: `request:${eventId}`,
    data: defined({
      requestId: e.requestId,
      from: e.from,
      to: e.to,
      version: e.version,
      title: e.title,
      reason: e.reason,
      duplicateOf: e.duplicateOf,
      occurredAt: e.occurredAt,
    }),
  };
}

export function webhookDisabledNotification(member: string, webhookId: string, failingSince: Date, disabledAt: Date): NewNotification {
  return {
    member,
    type: 'gateway.webhook.disabled',
    subject: webhookId,
    dedupeKey: `webhook-disabled:${webhookId}:${disabledAt.toISOString()}`,
    data: { webhookId, failingSince: failingSince.toISOString(), disabledAt: disabledAt.toISOString() },
  };
}
