import { EVENT_CONTRACTS } from '../events/event-contracts';
import { TOPIC_REGISTRY } from '../topics/topic-registry';
import { MatchFoundEvent } from '../events/intel/match-found.event';
import { ReportSubmittedEvent } from '../events/intel/report-submitted.event';
import { ContractViolationError } from './contract-violation.errors';
import { validateEventPayload } from './validate-event-payload';

const submitted = {
  reportId: '3f2b8c1e-5d4a-4f6b-9c7d-1e2f3a4b5c6d',
  version: 1,
  originatorMember: 'FR',
  reportType: 'seizure',
  commodityCategory: 'tobacco',
  tlp: 'amber',
  distributionLevel: 'operation-participants',
  submittedAt: '2026-03-01T10:00:00Z',
};

function violationsOf(type: string, data: unknown) {
  try {
    validateEventPayload(type, data);
  } catch (err) {
    expect(err).toBeInstanceOf(ContractViolationError);
    return (err as ContractViolationError).violations;
  }
  throw new Error('expected a contract violation');
}

describe('validateEventPayload', () => {
  it('returns a typed instance of the contract class for a valid payload', () => {
    const p = validateEventPayload<ReportSubmittedEvent>(ReportSubmittedEvent.type, submitted);
    expect(p).toBeInstanceOf(ReportSubmittedEvent);
    expect(p.reportId).toBe(submitted.reportId);
  });

  it('lists every field that breaks the contract with its reason', () => {
    const v = violationsOf(ReportSubmittedEvent.type, { ...submitted, version: 0, originatorMember: 'france', tlp: 'purple' });
    expect(v.map((x) => x.field).sort()).toEqual(['originatorMember', 'tlp', 'version']);
    expect(v.find((x) => x.field === 'originatorMember')?.reasons).toEqual(['originatorMember must be a Member code such as FR']);
    expect(v.find((x) => x.field === 'version')?.reasons[0]).toMatch(/version must not be less than 1/);
  });

  it('names missing required fields', () => {
    const { submittedAt: _s, ...rest } = submitted;
    expect(violationsOf(ReportSubmittedEvent.type, rest).map((x) => x.field)).toEqual(['submittedAt']);
  });

  it('refuses fields outside the contract (no free text or personal data slipping in)', () => {
    const v = violationsOf(ReportSubmittedEvent.type, { ...submitted, narrative: 'driver John Doe, passport 123' });
    expect(v).toEqual([{ field: 'narrative', reasons: ['property narrative should not exist'] }]);
  });

  it('checks each element of arrays', () => {
    const v = violationsOf(MatchFoundEvent.type, {
      matchId: '0b0a8a0e-0000-4000-8000-000000000001',
      reportId: '0b0a8a0e-0000-4000-8000-000000000002',
      matchedReportId: '0b0a8a0e-0000-4000-8000-000000000003',
      memberToNotify: 'KE',
      indicatorKinds: ['container-number', 'passport-number'],
      matchedAt: '2026-03-01T10:00:00Z',
    });
    expect(v.map((x) => x.field)).toEqual(['indicatorKinds']);
    expect(v[0].reasons[0]).toMatch(/each value in indicatorKinds must be one of/);
  });

  it('rejects an unknown event type and a payload that is not an object', () => {
    expect(violationsOf('org.wcoomd.intel.unknown.v1', {})).toEqual([
      { field: 'type', reasons: ['unknown event type "org.wcoomd.intel.unknown.v1"'] },
    ]);
    expect(violationsOf(ReportSubmittedEvent.type, [1, 2])).toEqual([{ field: '(payload)', reasons: ['must be a JSON object'] }]);
  });

  it('registers each contract under a ce_type that follows the convention and a registered topic', () => {
    const registered = TOPIC_REGISTRY.map((t) => t.name);
    for (const c of EVENT_CONTRACTS) {
      const [domain] = c.topic.split('.');
      expect(c.type).toMatch(new RegExp(`^org\\.wcoomd\\.${domain}\\.[a-z]+\\.[a-z][a-z-]*\\.v1$`));
      expect(registered).toContain(c.topic);
    }
  });
});
