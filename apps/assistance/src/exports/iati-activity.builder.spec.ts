import { XMLParser } from 'fast-xml-parser';
import type { MissionRow } from '../missions/missions.repository';
import { buildIatiActivities, iatiActivityStatus } from './iati-activity.builder';

const mission = (state: MissionRow['state']): MissionRow => ({
  id: '7d0c2b7e-5b7a-4a4e-9a39-2d3a1f6c0a11',
  request_id: '0f7b4a36-1c9e-4a8c-8a47-3d5b2b8f1e22',
  member: 'FR',
  kind: 'diagnostic_mission',
  thematic_area: 'risk_management',
  title: 'Risk diagnostic',
  start_date: '2027-03-08',
  end_date: '2027-03-12',
  location: 'Paris',
  language: 'fr',
  travel_cents: '100000',
  subsistence_cents: '200000',
  fees_cents: '270000',
  budget_line: '2.10.003',
  fiscal_year: 2027,
  state,
  funding_status: 'funded',
  funding_reason: null,
  funding_requested_at: null,
  actual_cents: null,
  report: null,
  logistics_status: 'ready',
  funding_attempts: 1,
  funding_next_attempt_at: null,
  funding_overdue_at: null,
  version: 3,
  created_at: new Date('2026-12-01T00:00:00Z'),
  updated_at: new Date('2026-12-02T00:00:00Z'),
});

const datesOf = (state: MissionRow['state']): string[][] => {
  const xml = buildIatiActivities([], [{ mission: mission(state), requestState: 'in_delivery' }], new Date('2026-12-02T00:00:00Z'));
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => n === 'activity-date' }).parse(xml);
  return doc['iati-activities']['iati-activity']['activity-date'].map((d: Record<string, string>) => [d['@type'], d['@iso-date']]);
};

describe('IATI mission activities before delivery', () => {
  it('gives a mission its planned dates from its planning, the actual start once in delivery, the actual end once delivered', () => {
    const planned = [
      ['1', '2027-03-08'],
      ['3', '2027-03-12'],
    ];
    expect(datesOf('planned')).toEqual(planned);
    expect(datesOf('scheduled')).toEqual(planned);
    expect(datesOf('in_delivery')).toEqual([...planned, ['2', '2027-03-08']]);
    expect(datesOf('delivered')).toEqual([...planned, ['2', '2027-03-08'], ['4', '2027-03-12']]);
  });

  it('maps a mission to the IATI status of where it and its request stand', () => {
    expect(iatiActivityStatus('mission_planning', 'planned')).toBe('1');
    expect(iatiActivityStatus('scheduled', 'scheduled')).toBe('2');
    expect(iatiActivityStatus('in_delivery', 'in_delivery')).toBe('2');
    expect(iatiActivityStatus('delivered', 'delivered')).toBe('3');
    expect(iatiActivityStatus('on_hold', 'planned')).toBe('6');
    expect(iatiActivityStatus('closed', 'delivered')).toBe('4');
  });
});
