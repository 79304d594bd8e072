import { draftOfIndicator, emptyIndicator, emptyPeriod, indicatorsBody, patched, without, type IndicatorDraft } from './indicators';

describe('evaluation result indicators', () => {
  const release: IndicatorDraft = {
    ...emptyIndicator(),
    name: 'Average release time (hours)',
    baseline: '48',
    baselineDate: '2026-01-01',
    target: '24',
    targetDate: '2027-12-31',
  };

  it('sends every indicator in the form’s order, unmeasured actuals and empty period lists left out', () => {
    const aeo: IndicatorDraft = {
      ...emptyIndicator(),
      name: 'AEO holders',
      measure: 'percentage',
      actual: '12',
      actualDate: '2026-06-30',
      periods: [
        { start: '2026-01-01', end: '2026-06-30', target: '10', actual: '12' },
        { ...emptyPeriod(), start: '2026-07-01', end: '2026-12-31', target: '20' },
      ],
    };
    expect(indicatorsBody([release, aeo])).toEqual([
      {
        name: 'Average release time (hours)',
        measure: 'unit',
        baseline: '48',
        baselineDate: '2026-01-01',
        target: '24',
        targetDate: '2027-12-31',
      },
      {
        name: 'AEO holders',
        measure: 'percentage',
        baseline: '',
        baselineDate: '',
        target: '',
        targetDate: '',
        actual: '12',
        actualDate: '2026-06-30',
        periods: [
          { start: '2026-01-01', end: '2026-06-30', target: '10', actual: '12' },
          { start: '2026-07-01', end: '2026-12-31', target: '20' },
        ],
      },
    ]);
    expect(indicatorsBody([])).toEqual([]);
  });

  it('reads a recorded indicator back into the form, and adds, changes and removes by position', () => {
    const recorded = indicatorsBody([{ ...release, periods: [{ start: '2026-01-01', end: '2026-12-31', target: '30', actual: '' }] }])[0];
    expect(draftOfIndicator(recorded)).toEqual({
      ...release,
      periods: [{ start: '2026-01-01', end: '2026-12-31', target: '30', actual: '' }],
    });
    expect(without(['a', 'b', 'c'], 1)).toEqual(['a', 'c']);
    expect(patched([release, release], 1, { name: 'x' }).map((i) => i.name)).toEqual(['Average release time (hours)', 'x']);
  });
});
