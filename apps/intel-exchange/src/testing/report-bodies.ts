import { minimalSubmission } from '../domain/testing/report-fixtures';
import type { ReportSubmission } from '../domain/report.types';
import { containerNumber, daysFromNow } from './intel-test-app';

/** A sea seizure with a container, a route and the structured fields the filters and correlation use. */
export function seizureReport(overrides: Partial<ReportSubmission> = {}, container = containerNumber('ABC', 100001)): ReportSubmission {
  return minimalSubmission({
    type: 'seizure',
    whenWhere: { detectedAt: '2026-02-10T08:00:00Z', country: 'FR', place: 'FRLEH', locationType: 'seaport', direction: 'import' },
    goods: [
      { commodityCategory: 'drugs', description: 'Cocaine bricks in banana boxes', hsCode: '293972', quantity: { value: 120, unit: 'kg' } },
    ],
    concealment: { code: 'hidden_in_goods' },
    detection: { code: 'x_ray' },
    conveyance: { transportMode: 'sea', containers: [{ number: container }] },
    route: { origin: { country: 'EC' }, transit: [{ country: 'PA' }], destination: { country: 'FR' } },
    grading: { sourceReliability: 'B', informationCredibility: 2 },
    tlp: 'GREEN',
    distribution: { level: 'all_members' },
    retentionUntil: daysFromNow(365),
    ...overrides,
  });
}
