import { isCalendarDate, isPlainFileName, isValidOrcid, isValidRor } from './identifiers';

describe('persistent identifiers', () => {
  it('accepts ORCID iDs whose ISO 7064 11,2 check digit is right, including X', () => {
    expect(isValidOrcid('0000-0002-1825-0097')).toBe(true);
    expect(isValidOrcid('0000-0001-5109-3700')).toBe(true);
    expect(isValidOrcid('0000-0002-1694-233X')).toBe(true);
  });

  it('refuses ORCID iDs with a wrong check digit or shape', () => {
    expect(isValidOrcid('0000-0002-1825-0098')).toBe(false);
    expect(isValidOrcid('0000-0002-1694-2330')).toBe(false);
    expect(isValidOrcid('0000000218250097')).toBe(false);
    expect(isValidOrcid('https://orcid.org/0000-0002-1825-0097')).toBe(false);
  });

  it('accepts real ROR ids (bare or as URL) and refuses a wrong checksum', () => {
    expect(isValidRor('05gq02987')).toBe(true); // Brown University
    expect(isValidRor('https://ror.org/03yrm5c26')).toBe(true); // California Digital Library
    expect(isValidRor('05gq02988')).toBe(false);
    expect(isValidRor('15gq02987')).toBe(false);
    expect(isValidRor('05gq0i987')).toBe(false);
  });

  it('accepts only dates that exist', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-13-01')).toBe(false);
    expect(isCalendarDate('2025-1-01')).toBe(false);
  });

  it('accepts plain file names only', () => {
    expect(isPlainFileName('Rapport annuel 2026.pdf')).toBe(true);
    for (const bad of ['a/b.pdf', 'a\\b.pdf', '..', 'a\u0001.pdf', 'a\u007f', '']) expect(isPlainFileName(bad)).toBe(false);
  });
});
