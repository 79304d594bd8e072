import type { Schemas } from '../api/client';

export type Indicator = Schemas['assistance.ResultIndicatorDto'];
export type Period = Schemas['assistance.IndicatorPeriodDto'];
type Measure = Indicator['measure'];

/** A reporting period as the form edits it (every value text; the actual empty until measured). */
export interface PeriodDraft {
  start: string;
  end: string;
  target: string;
  actual: string;
}

/** A result indicator as the form edits it: IATI-style baseline, target, actual, and optional reporting periods. */
export interface IndicatorDraft {
  name: string;
  measure: Measure;
  baseline: string;
  baselineDate: string;
  target: string;
  targetDate: string;
  actual: string;
  actualDate: string;
  periods: PeriodDraft[];
}

export const emptyPeriod = (): PeriodDraft => ({ start: '', end: '', target: '', actual: '' });

export const emptyIndicator = (): IndicatorDraft => ({
  name: '',
  measure: 'unit',
  baseline: '',
  baselineDate: '',
  target: '',
  targetDate: '',
  actual: '',
  actualDate: '',
  periods: [],
});

/** A recorded indicator in the form. */
export const draftOfIndicator = (i: Indicator): IndicatorDraft => ({
  name: i.name,
  measure: i.measure,
  baseline: i.baseline,
  baselineDate: i.baselineDate,
  target: i.target,
  targetDate: i.targetDate,
  actual: i.actual ?? '',
  actualDate: i.actualDate ?? '',
  periods: (i.periods ?? []).map((p) => ({ start: p.start, end: p.end, target: p.target, actual: p.actual ?? '' })),
});

/**
 * The API's `indicators` for the form's list, in the form's order (so the API's field errors, named
 * `indicators.<i>.periods.<j>.actual`, land on the fields the coordinator sees): an actual not measured yet is left
 * out, as are periods when there are none (the API then reads one period from baseline to target date).
 */
export function indicatorsBody(drafts: IndicatorDraft[]): Indicator[] {
  return drafts.map((d) => {
    const { actual, actualDate, periods, ...rest } = d;
    return {
      ...rest,
      ...(actual !== '' ? { actual } : {}),
      ...(actualDate !== '' ? { actualDate } : {}),
      ...(periods.length ? { periods: periods.map(({ actual: a, ...p }) => ({ ...p, ...(a !== '' ? { actual: a } : {}) })) } : {}),
    };
  });
}

/** The list with the item at `index` removed (indicators or periods). */
export const without = <T>(list: readonly T[], index: number): T[] => list.filter((_, i) => i !== index);

/** The list with the item at `index` changed by `patch`. */
export const patched = <T>(list: readonly T[], index: number, patch: Partial<T>): T[] =>
  list.map((item, i) => (i === index ? { ...item, ...patch } : item));
