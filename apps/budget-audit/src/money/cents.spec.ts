import { budgetVsActualCsv } from '../budget/budget.service';
import { MAX_CENTS, toCents } from './cents';

describe('integer cents', () => {
  it('takes JSON integers and strings of digits, exactly', () => {
    expect(toCents(0)).toBe(0n);
    expect(toCents(125_000)).toBe(125_000n);
    expect(toCents('1000000000000000')).toBe(MAX_CENTS);
    expect(toCents('999999999999999999')).toBe(999_999_999_999_999_999n);
  });

  it('refuses fractions, signs, exponents, padding, unsafe numbers and other types', () => {
    for (const bad of [
      10.5,
      -1,
      2 ** 53,
      Number.NaN,
      Infinity,
      '12.00',
      '-5',
      '+5',
      '1e3',
      '0x10',
      '007',
      ' 5',
      '',
      null,
      true,
      [1],
      { a: 1 },
    ]) {
      expect([bad, toCents(bad)]).toEqual([bad, undefined]);
    }
  });
});

describe('budget vs actual CSV', () => {
  const line = {
    code: '1.10.001',
    chapter: '1',
    article: '10',
    line: '001',
    programme: 'SP5',
    originalCents: '5',
    finalCents: '5',
    committedCents: '0',
    obligatedCents: '0',
    spentCents: '-20',
    availableCents: '25',
    differenceCents: '25',
  };

  it('keeps negative amounts as numbers but defuses text a spreadsheet would run as a formula', () => {
    const csv = budgetVsActualCsv({
      fiscalYear: 2030,
      status: 'open',
      lines: [{ ...line, title: '=HYPERLINK("x")' }],
      total: { ...line, code: '', title: 'Total' },
    });
    const [, first] = csv.split('\r\n');
    expect(first).toBe(`1.10.001,1,10,001,"'=HYPERLINK(""x"")",SP5,5,5,0,0,-20,25,25`);
  });
});
