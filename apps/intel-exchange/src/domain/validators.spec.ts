import 'reflect-metadata';
import { validateSync } from 'class-validator';
import { COUNTRY_CODES, CURRENCY_CODES } from './code-lists';
import {
  IsAwbNumber,
  IsContainerNumber,
  IsCountryCode,
  IsCurrencyCode,
  IsHsCode,
  IsImoNumber,
  IsUnLocode,
  isAwbNumber,
  isContainerNumber,
  isCountryCode,
  isCurrencyCode,
  isHsCode,
  isImoNumber,
  isMemberCode,
  isUnLocode,
  iso6346CheckDigit,
  normaliseImoNumber,
} from './validators';

describe('code lists against the ICU data shipped with Node', () => {
  // Codes ICU names that are not ISO 3166-1 assigned: exceptionally/transitionally reserved or user-assigned.
  const NOT_ASSIGNED = 'AC AN BU CP CQ CS DD DG DY EA EU EZ FX HV IC NH QO RH SU TA TP UK UN VD XA XB XK YD YU ZR';

  it('has exactly the 249 officially assigned ISO 3166-1 alpha-2 codes', () => {
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    const known: string[] = [];
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        const name = names.of(code);
        if (name && name !== code && name !== 'Unknown Region') known.push(code);
      }
    }
    const excluded = new Set(NOT_ASSIGNED.split(' '));
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    expect([...COUNTRY_CODES].sort()).toEqual(known.filter((c) => !excluded.has(c)).sort());
  });

  it('covers every circulating currency ICU knows except the withdrawn HRK and ZWL', () => {
    const circulating = Intl.supportedValuesOf('currency').filter((c) => c !== 'HRK' && c !== 'ZWL');
    const ours = new Set<string>(CURRENCY_CODES);
    expect(circulating.filter((c) => !ours.has(c))).toEqual([]);
    // The rest are ISO 4217 funds, precious metals and SDR-type units (and VED, ICU lags behind).
    const funds = 'BOV CHE CHW CLF COU MXV USN UYI UYW VED XAG XAU XBA XBB XBC XBD XPD XPT XUA'.split(' ');
    expect([...ours].filter((c) => !circulating.includes(c)).sort()).toEqual(funds.sort());
  });
});

describe('plain validators', () => {
  it.each([
    ['FR', true],
    ['GB', true],
    ['UK', false],
    ['EU', false],
    ['fr', false],
    ['FRA', false],
    [42, false],
  ])('isCountryCode(%p) = %p', (v, ok) => expect(isCountryCode(v)).toBe(ok));

  it('accepts EU as a Member code but not as a country', () => {
    expect(isMemberCode('EU')).toBe(true);
    expect(isMemberCode('KE')).toBe(true);
    expect(isMemberCode('WCO')).toBe(false);
  });

  it.each([
    ['EUR', true],
    ['XOF', true],
    ['HRK', false],
    ['eur', false],
    ['XXX', false],
  ])('isCurrencyCode(%p) = %p', (v, ok) => expect(isCurrencyCode(v)).toBe(ok));

  it.each([
    ['NLRTM', true],
    ['FRPAR', true],
    ['USNYC', true],
    ['DEHA2', true],
    ['DEHA1', false], // 0 and 1 are not used (confusable with O and I)
    ['XXRTM', false], // no such country
    ['NL RTM', false],
    ['NLRT', false],
  ])('isUnLocode(%p) = %p', (v, ok) => expect(isUnLocode(v)).toBe(ok));

  it.each([
    ['293972', true],
    ['24022090', true],
    ['240220901', true],
    ['2402209012', true],
    ['01012100', true],
    ['97019100', true],
    ['2402209', false], // 1-digit extension
    ['24022090123', false], // 5-digit extension
    ['770000', false], // chapter 77 is reserved
    ['000000', false],
    ['980000', false],
    ['2402.20', false], // the stored form is digits only
  ])('isHsCode(%p) = %p', (v, ok) => expect(isHsCode(v)).toBe(ok));

  it('computes ISO 6346 check digits', () => {
    expect(iso6346CheckDigit('CSQU305438')).toBe(3);
    expect(isContainerNumber('CSQU3054383')).toBe(true);
    expect(isContainerNumber('CSQU3054384')).toBe(false);
    expect(isContainerNumber('CSQX3054383')).toBe(false); // X is not an equipment category
    expect(isContainerNumber('csqu3054383')).toBe(false);
  });

  it('rejects every single-digit typo of a valid container number', () => {
    const valid = 'CSQU3054383';
    for (let i = 4; i < 10; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === valid[i]) continue;
        const typo = valid.slice(0, i) + d + valid.slice(i + 1);
        expect([typo, isContainerNumber(typo)]).toEqual([typo, false]);
      }
    }
  });

  it('checks IMO numbers', () => {
    expect(isImoNumber('9074729')).toBe(true);
    expect(isImoNumber('9074728')).toBe(false);
    expect(isImoNumber('907472')).toBe(false);
    expect(normaliseImoNumber('IMO 9074729')).toBe('9074729');
  });

  it('checks air waybill numbers (serial mod 7)', () => {
    expect(isAwbNumber('17612345675')).toBe(true);
    expect(isAwbNumber('17612345676')).toBe(false);
    expect(isAwbNumber('00012345675')).toBe(false);
    expect(isAwbNumber('176-12345675')).toBe(false);
  });
});

describe('the same rules as class-validator decorators', () => {
  class Probe {
    @IsCountryCode() country: unknown;
    @IsCurrencyCode() currency: unknown;
    @IsUnLocode() place: unknown;
    @IsHsCode() hs: unknown;
    @IsContainerNumber() container: unknown;
    @IsImoNumber() imo: unknown;
    @IsAwbNumber() awb: unknown;
  }

  function failing(values: Partial<Probe>): Record<string, string[]> {
    const probe = Object.assign(new Probe(), values);
    return Object.fromEntries(validateSync(probe).map((e) => [e.property, Object.values(e.constraints ?? {})]));
  }

  it('passes valid values', () => {
    expect(
      failing({
        country: 'KE',
        currency: 'KES',
        place: 'KEMBA',
        hs: '710239',
        container: 'CSQU3054383',
        imo: '9074729',
        awb: '17612345675',
      }),
    ).toEqual({});
  });

  it('names the field and the rule for invalid values', () => {
    const errors = failing({
      country: 'XX',
      currency: 'EURO',
      place: 'XXABC',
      hs: '771234',
      container: 'CSQU3054384',
      imo: '1234568',
      awb: '17612345670',
    });
    expect(errors).toEqual({
      country: ['country must be an ISO 3166-1 alpha-2 country code'],
      currency: ['currency must be an active ISO 4217 currency code'],
      place: ['place must be a UN/LOCODE (country + 3 characters A-Z, 2-9)'],
      hs: [expect.stringContaining('hs must be an HS code')],
      container: ['container must be an ISO 6346 container number with a correct check digit'],
      imo: ['imo must be a 7-digit IMO number with a correct check digit'],
      awb: ['awb must be an 11-digit air waybill number with a correct check digit'],
    });
  });
});
