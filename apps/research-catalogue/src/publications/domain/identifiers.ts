import { registerDecorator, ValidationOptions } from 'class-validator';

// Checksums of the persistent identifiers a record carries, so a mistyped ORCID or ROR id is refused at the edge
// instead of being harvested and cited wrongly.

const ORCID = /^(\d{4})-(\d{4})-(\d{4})-(\d{3}[\dX])$/;

/** ORCID iD `0000-0002-1825-0097`: the last character is the ISO 7064 MOD 11-2 check digit of the 15 before it. */
export function isValidOrcid(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = ORCID.exec(value);
  if (!m) return false;
  const digits = m.slice(1).join('');
  let total = 0;
  for (const c of digits.slice(0, 15)) total = (total + Number(c)) * 2;
  const result = (12 - (total % 11)) % 11;
  return digits[15] === (result === 10 ? 'X' : String(result));
}

const ROR = /^0[0-9a-hjkmnp-tv-z]{6}\d{2}$/;
const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * ROR id `05gq02987` (or `https://ror.org/05gq02987`): a 0, six Crockford base32 characters and two digits that are
 * the ISO 7064 MOD 97-10 checksum of the base32 number.
 */
export function isValidRor(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const id = value.startsWith('https://ror.org/') ? value.slice('https://ror.org/'.length) : value;
  if (!ROR.test(id)) return false;
  let n = 0;
  for (const c of id.slice(0, 7)) n = n * 32 + CROCKFORD.indexOf(c);
  const checksum = 98 - ((n * 100) % 97);
  return id.slice(7) === String(checksum).padStart(2, '0');
}

/** A calendar date `YYYY-MM-DD` that exists (2025-02-30 does not). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(2000, m - 1, d));
  date.setUTCFullYear(y);
  return y >= 1 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function predicate(name: string, test: (v: unknown) => boolean, message: string) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: propertyName as string,
        options: { message, ...options },
        validator: { validate: (v: unknown) => test(v) },
      });
}

export const IsOrcid = predicate('isOrcid', isValidOrcid, 'must be an ORCID iD such as 0000-0002-1825-0097 with a valid check digit');
export const IsRor = predicate(
  'isRor',
  isValidRor,
  'must be a ROR id such as 05gq02987 (or https://ror.org/05gq02987) with a valid checksum',
);
export const IsCalendarDate = predicate('isCalendarDate', isCalendarDate, 'must be a calendar date YYYY-MM-DD');

/** A file name without path separators or control characters (it becomes part of a download URL and header). */
export function isPlainFileName(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value !== '.' &&
    value !== '..' &&
    [...value].every((c) => {
      const code = c.codePointAt(0) as number;
      return code >= 0x20 && code !== 0x7f && c !== '/' && c !== '\\';
    })
  );
}

export const IsPlainFileName = predicate(
  'isPlainFileName',
  isPlainFileName,
  'must be a file name without path separators or control characters',
);
