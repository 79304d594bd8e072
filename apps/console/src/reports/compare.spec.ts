import type { Schemas } from '../api/client';
import { compareReports } from './compare';

type Report = Schemas['intel-exchange.ReportView'];

const base = (over: Partial<Report>): Report =>
  ({
    id: '00000000-0000-4000-8000-000000000001',
    type: 'seizure',
    whenWhere: { detectedAt: '2026-11-01T10:00:00Z', country: 'FR', direction: 'import', locationType: 'seaport' },
    goods: [{ commodityCategory: 'cigarettes', description: 'cigarettes', hsCode: '240220' }],
    grading: { sourceReliability: 'B', informationCredibility: '2' },
    tlp: 'amber',
    distribution: { level: 'all_members' },
    originatorMember: 'FR',
    createdAt: '2026-11-01T10:00:00Z',
    currentVersion: 1,
    retentionUntil: '2031-11-01',
    ...over,
  }) as unknown as Report;

describe('compareReports', () => {
  it('sets the facts side by side and names what both reports carry, identifiers compared without case or blanks', () => {
    const own = base({
      conveyance: { transportMode: 'sea', containers: [{ number: 'MSCU1234566' }, { number: 'TGHU0000001' }] },
      route: { origin: { country: 'CN' }, destination: { country: 'FR' } },
    } as Partial<Report>);
    const other = base({
      whenWhere: { detectedAt: '2026-11-03T08:00:00Z', country: 'DE', direction: 'import', locationType: 'seaport' },
      conveyance: { transportMode: 'sea', containers: [{ number: 'mscu 1234566' }] },
      route: { origin: { country: 'CN' }, transit: [{ country: 'NL' }], destination: { country: 'DE' } },
    } as Partial<Report>);
    const rows = Object.fromEntries(compareReports(own, other).map((r) => [r.fact, r]));
    expect(rows['containers']).toEqual({
      fact: 'containers',
      kind: 'text',
      own: ['MSCU1234566', 'TGHU0000001'],
      other: ['mscu 1234566'],
      shared: ['MSCU1234566'],
    });
    expect(rows['route']?.shared).toEqual(['CN']);
    expect(rows['route']?.other).toEqual(['CN', 'NL', 'DE']);
    expect(rows['country']).toMatchObject({ own: ['FR'], other: ['DE'], shared: [] });
    expect(rows['hsCode']?.shared).toEqual(['240220']);
    expect(rows['detectedAt']?.shared).toEqual([]);
  });

  it('leaves out the facts neither report has', () => {
    const facts = compareReports(base({}), base({})).map((r) => r.fact);
    expect(facts).not.toContain('containers');
    expect(facts).not.toContain('companies');
    expect(facts).toEqual(['type', 'detectedAt', 'country', 'commodity', 'hsCode']);
  });
});
