import { randomUUID } from 'node:crypto';
import { MatchFoundEvent, ReportSubmittedEvent, validateEventPayload } from '@wco/contracts';
import type { OutboxEvent } from '@wco/messaging';

/**
 * A valid `ReportSubmittedEvent` payload, the event the messaging benchmarks move. Checked against its contract
 * when a benchmark loads this file, so a contract change cannot leave the benchmarks timing dead letters.
 */
export function reportSubmittedPayload(reportId: string) {
  return {
    reportId,
    version: 1,
    originatorMember: 'FR',
    reportType: 'seizure',
    commodityCategory: 'tobacco',
    tlp: 'AMBER',
    distributionLevel: 'operation_participants',
    submittedAt: new Date().toISOString(),
  };
}

// Checked once, when the first benchmark imports it.
validateEventPayload(ReportSubmittedEvent.type, reportSubmittedPayload('00000000-0000-4000-8000-000000000000'));

/** What a report submission writes to the outbox: one report event and six match events (to `topic` when given). */
export function reportEvents(topic?: string): OutboxEvent[] {
  const reportId = randomUUID();
  const at = new Date().toISOString();
  return [
    { type: ReportSubmittedEvent.type, topic, subject: reportId, data: { reportId, version: 1, submittedAt: at } },
    ...Array.from({ length: 6 }, () => {
      const matchId = randomUUID();
      const data = { matchId, reportId, matchedReportId: randomUUID(), memberToNotify: 'FR', indicatorKinds: ['container'], matchedAt: at };
      return { type: MatchFoundEvent.type, topic, subject: matchId, data };
    }),
  ];
}
