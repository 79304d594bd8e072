import { correlate, CandidateReport } from './correlation';
import { extractIndicators, indicatorHash } from './indicators';
import { fullSubmission } from './testing/report-fixtures';

const indicators = extractIndicators(fullSubmission());
const container = indicators.find((i) => i.kind === 'container')!;
const imo = indicators.find((i) => i.kind === 'vessel_imo')!;
const awb = indicators.find((i) => i.kind === 'air_waybill')!;

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
