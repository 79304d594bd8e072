import { ReportSubmittedEvent, validateEventPayload } from '@wco/contracts';

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
