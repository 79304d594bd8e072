import { ValidationOptions, registerDecorator } from 'class-validator';
import { COUNTRY_CODES, CURRENCY_CODES, NON_COUNTRY_MEMBER_CODES } from './code-lists';

// Each check exists twice on purpose: as a plain predicate (used by indicators, STIX import, tests) and as a
// class-validator decorator (used by the DTOs), so both paths apply exactly the same rule.

const countries: ReadonlySet<string> = new Set(COUNTRY_CODES);
const currencies: ReadonlySet<string> = new Set(CURRENCY_CODES);
const nonCountryMembers: ReadonlySet<string> = new Set(NON_COUNTRY_MEMBER_CODES);

export function isCountryCode(value: unknown): boolean {
  return typeof value === 'string' && countries.has(value);
}

export function isCurrencyCode(value: unknown): boolean {
  return typeof value === 'string' && currencies.has(value);
}

/** A WCO Member code: an ISO 3166-1 alpha-2 country/territory, or a non-country Member such as EU. */
export function isMemberCode(value: unknown): boolean {
  return typeof value === 'string' && (countries.has(value) || nonCountryMembers.has(value));
}

/** UN/LOCODE without the space: 2-letter ISO country + 3 characters from [A-Z2-9]. */
export function isUnLocode(value: unknown): boolean {
  return typeof value === 'string' && /^[A-Z]{2}[A-Z2-9]{3}$/.test(value) && countries.has(value.slice(0, 2));
}

/**
 * HS code: 6-digit subheading plus an optional 2–4 digit national extension. Chapters 01–97 exist; 77 is reserved
 * for future use and 98–99 are national, so none of them can identify goods internationally.
 */
export function isHsCode(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{6}(\d{2,4})?$/.test(value)) return false;
  const chapter = Number(value.slice(0, 2));
  return chapter >= 1 && chapter <= 97 && chapter !== 77;
}

/** ISO 6346 letter values: A=10 upwards, skipping multiples of 11. */
const ISO6346_LETTER_VALUES: Readonly<Record<string, number>> = (() => {
  const values: Record<string, number> = {};
  let n = 10;
  for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
    if (n % 11 === 0) n++;
    values[letter] = n++;
  }
  return values;
})();

export function iso6346CheckDigit(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const ch = first10[i];
    const v = /\d/.test(ch) ? Number(ch) : ISO6346_LETTER_VALUES[ch];
    sum += v * 2 ** i;
  }
  return (sum % 11) % 10;
}

/** ISO 6346 container number: owner code (3 letters), category (U, J, Z or R), 6-digit serial, check digit. */
export function isContainerNumber(value: unknown): boolean {
  if (typeof value !== 'string' || !/^[A-Z]{3}[UJZR]\d{7}$/.test(value)) return false;
  return iso6346CheckDigit(value.slice(0, 10)) === Number(value[10]);
}

/** IMO ship identification number: 7 digits, the last being sum(d_i × (7..2)) mod 10. */
export function isImoNumber(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{7}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += Number(value[i]) * (7 - i);
  return sum % 10 === Number(value[6]);
}

/** IATA air waybill: 3-digit airline prefix + 7-digit serial + check digit (serial mod 7). */
export function isAwbNumber(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{11}$/.test(value) || value.startsWith('000')) return false;
  return Number(value.slice(3, 10)) % 7 === Number(value[10]);
}

/** Free identifiers (B/L, tracking, vehicle plates, seals) compared without case, spaces or separators. */
export function normaliseIdentifier(value: string): string {
  return value.toUpperCase().replace(/[\s\-./]/g, '');
}

/** Accepts the common "IMO 9074729" spelling as well as the bare number. */
export function normaliseImoNumber(value: string): string {
  return normaliseIdentifier(value).replace(/^IMO/, '');
}

/** Dots are how HS codes are usually printed (8703.23.19); the stored form is digits only. */
export function normaliseHsCode(value: string): string {
  return value.replace(/[\s.]/g, '');
}

function predicateDecorator(
  name: string,
  predicate: (value: unknown) => boolean,
  message: string,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message, ...options },
      validator: { validate: (value: unknown) => predicate(value) },
    });
  };
}

export const IsCountryCode = (o?: ValidationOptions): PropertyDecorator =>
  predicateDecorator('isCountryCode', isCountryCode, '$property must be an ISO 3166-1 alpha-2 country code', o);
export const IsCurrencyCode = (o?: ValidationOptions): PropertyDecorator =>
  predicateDecorator('isCurrencyCode', isCurrencyCode, '$property must be an active ISO 4217 currency code', o);
export const IsMemberCode = (o?: ValidationOptions): PropertyDecorator =>
  predicateDecorator('isMemberCode', isMemberCode, '$property must be a WCO Member code (ISO 3166-1 alpha-2 or EU)', o);
export const IsUnLocode = (o?: ValidationOptions): PropertyDecorator =>
  predicateDecorator('isUnLocode', isUnLocode, '$property must be a UN/LOCODE (country + 3 characters A-Z, 2-9)', o);
export const IsHsCode = (o?: ValidationOptions): PropertyDecorator =>
  predicateDecorator(
    'isHsCode',
    isHsCode,
    '$property must be an HS code: 6 digits of chapter 01-97 (not 77) plus an optional 2-4 digit national extension',
    o,
  );
export const IsContainerNumber = (o?: ValidationOptions): PropertyDecorator =>
  predicateDecorator(
    'isContainerNumber',
    isContainerNumber,
    '$property must be an ISO 6346 container number with a correct check digit',
    o,
  );
export const IsImoNumber = (o?: ValidationOptions): PropertyDecorator =>
  predicateDecorator('isImoNumber', isImoNumber, '$property must be a 7-digit IMO number with a correct check digit', o);
export const IsAwbNumber = (o?: ValidationOptions): PropertyDecorator =>
  predicateDecorator('isAwbNumber', isAwbNumber, '$property must be an 11-digit air waybill number with a correct check digit', o);
