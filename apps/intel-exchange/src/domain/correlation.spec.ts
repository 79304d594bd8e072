import { correlate, CandidateReport, isPatternKind, sharedIndicatorsMatch } from './correlation';
import { extractIndicators, indicatorHash } from './indicators';
import { fullSubmission } from './testing/report-fixtures';

const indicators = extractIndicators(fullSubmission());
const container = indicators.find((i) => i.kind === 'container')!;
const imo = indicators.find((i) => i.kind === 'vessel_imo')!;
const awb = indicators.find((i) => i.kind === 'air_waybill')!;
const [hsRoute, otherHsRoute] = indicators.filter((i) => i.kind === 'hs_heading_route');
const concealmentRoute = indicators.find((i) => i.kind === 'concealment_route')!;

function run(candidates: CandidateReport[], extra: Partial<Parameters<typeof correlate>[0]> = {}) {
  return correlate({
    reportId: 'new',
    indicators,
    candidates,
    ubiquityThreshold: 3,
    mayCorrelate: () => true,
    ...extra,
  });
}

describe('correlate', () => {
  it('matches earlier reports that share an indicator, strongest first', () => {
    const result = run([
      { reportId: 'a', indicatorHashes: [container.hash] },
      { reportId: 'b', indicatorHashes: [container.hash, imo.hash] },
      { reportId: 'c', indicatorHashes: [indicatorHash('container', 'MSKU1234565')] },
    ]);
    expect(result.matches.map((m) => [m.reportId, m.indicators.map((i) => i.kind)])).toEqual([
      ['b', ['container', 'vessel_imo']],
      ['a', ['container']],
    ]);
    expect(result.ubiquitous).toEqual([]);
  });

  it('one shared identifying indicator is a match', () => {
    for (const kind of [
      'container',
      'vessel_imo',
      'bill_of_lading',
      'air_waybill',
      'vehicle_registration',
      'company_identifier',
    ] as const) {
      const shared = indicators.find((i) => i.kind === kind)!;
      expect(run([{ reportId: 'a', indicatorHashes: [shared.hash] }]).matches).toEqual([{ reportId: 'a', indicators: [shared] }]);
    }
  });

  it('a single shared pattern indicator is a trend, not a match', () => {
    const result = run([
      { reportId: 'same-goods-route', indicatorHashes: [hsRoute.hash] },
      { reportId: 'same-concealment-route', indicatorHashes: [concealmentRoute.hash] },
    ]);
    expect(result.matches).toEqual([]);
    expect(result.ubiquitous).toEqual([]);
  });

  it('two shared pattern indicators are a match', () => {
    const result = run([
      { reportId: 'goods-and-concealment', indicatorHashes: [hsRoute.hash, concealmentRoute.hash] },
      { reportId: 'two-headings', indicatorHashes: [hsRoute.hash, otherHsRoute.hash] },
      { reportId: 'one-pattern', indicatorHashes: [otherHsRoute.hash, indicatorHash('container', 'MSKU1234565')] },
    ]);
    expect(result.matches.map((m) => [m.reportId, m.indicators.map((i) => i.kind)])).toEqual([
      ['goods-and-concealment', ['hs_heading_route', 'concealment_route']],
      ['two-headings', ['hs_heading_route', 'hs_heading_route']],
    ]);
  });

  it('lists the shared patterns with a match that rests on an identifier', () => {
    const result = run([{ reportId: 'a', indicatorHashes: [container.hash, concealmentRoute.hash] }]);
    expect(result.matches.map((m) => m.indicators.map((i) => i.kind))).toEqual([['container', 'concealment_route']]);
  });

  it('a ubiquitous pattern does not count towards the two patterns', () => {
    const result = run([{ reportId: 'a', indicatorHashes: [hsRoute.hash, concealmentRoute.hash] }], {
      earlierReportCounts: new Map([[hsRoute.hash, 10]]),
    });
    expect(result.matches).toEqual([]);
    expect(result.ubiquitous).toEqual([hsRoute]);
  });

  it('classifies indicator kinds into identifying and pattern', () => {
    expect(indicators.filter((i) => isPatternKind(i.kind)).map((i) => i.kind)).toEqual([
      'hs_heading_route',
      'hs_heading_route',
      'concealment_route',
    ]);
    expect(sharedIndicatorsMatch([])).toBe(false);
    expect(sharedIndicatorsMatch(['concealment_route'])).toBe(false);
    expect(sharedIndicatorsMatch(['concealment_route', 'hs_heading_route'])).toBe(true);
    expect(sharedIndicatorsMatch(['courier_tracking'])).toBe(true);
  });

  it('stops matching a value carried by more reports than the threshold and reports it', () => {
    // threshold 3: the new report + 2 earlier still match; + 3 earlier is ubiquitous.
    const atLimit = run([
      { reportId: 'a', indicatorHashes: [imo.hash] },
      { reportId: 'b', indicatorHashes: [imo.hash] },
    ]);
    expect(atLimit.matches.map((m) => m.reportId)).toEqual(['a', 'b']);
    const over = run([
      { reportId: 'a', indicatorHashes: [imo.hash, awb.hash] },
      { reportId: 'b', indicatorHashes: [imo.hash] },
      { reportId: 'c', indicatorHashes: [imo.hash] },
    ]);
    expect(over.ubiquitous.map((i) => i.kind)).toEqual(['vessel_imo']);
    expect(over.matches.map((m) => [m.reportId, m.indicators.map((i) => i.kind)])).toEqual([['a', ['air_waybill']]]);
  });

  it('uses counts from the database when it loaded only some candidates', () => {
    const result = run([{ reportId: 'a', indicatorHashes: [imo.hash] }], {
      earlierReportCounts: new Map([[imo.hash, 5000]]),
    });
    expect(result.matches).toEqual([]);
    expect(result.ubiquitous).toEqual([imo]);
  });

  it('creates no match the access rules forbid', () => {
    const result = run(
      [
        { reportId: 'visible', indicatorHashes: [container.hash] },
        { reportId: 'hidden', indicatorHashes: [container.hash] },
      ],
      { mayCorrelate: (id) => id !== 'hidden' },
    );
    expect(result.matches.map((m) => m.reportId)).toEqual(['visible']);
  });

  it('ignores other versions of the same report', () => {
    expect(run([{ reportId: 'new', indicatorHashes: [container.hash] }]).matches).toEqual([]);
  });

  it('bounds the matches per indicator by the threshold', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({ reportId: `r${i}`, indicatorHashes: [container.hash] }));
    const result = run(many, { ubiquityThreshold: 50 });
    expect(result.matches).toEqual([]);
    expect(result.ubiquitous).toEqual([container]);
  });

  it('refuses a threshold that could never match', () => {
    expect(() => run([], { ubiquityThreshold: 1 })).toThrow('ubiquityThreshold');
  });
});
