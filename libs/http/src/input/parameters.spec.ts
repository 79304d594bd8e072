import { ValidationFailedError } from '../errors/domain.errors';
import { INT32_MAX, parseDecimalInt, ParseInt32Pipe, ParseUuidPipe } from './parameters';

const fieldsOf = (fn: () => unknown): string => {
  try {
    return `accepted ${JSON.stringify(fn())}`;
  } catch (error) {
    return error instanceof ValidationFailedError
      ? error.errors.map((e) => `${e.field}: ${e.reason}`).join('; ')
      : `unexpected ${String(error)}`;
  }
};

describe('integer parameters are plain decimal numbers within int32', () => {
  it.each([
    '0x10',
    '1e3',
    '+5',
    ' 5',
    '5 ',
    '5.0',
    '',
    '007',
    '-0',
    'NaN',
    'Infinity',
    '2147483648',
    '-2147483649',
    '99999999999999999999',
  ])('refuses %j', (value) => expect(parseDecimalInt(value)).toBeUndefined());

  it.each([
    ['0', 0],
    ['16', 16],
    ['-5', -5],
    ['2147483647', INT32_MAX],
  ])('reads %j as %d', (value, n) => expect(parseDecimalInt(value)).toBe(n));

  it('ParseInt32Pipe answers 400 naming the parameter (2147483648 was a 500 from PostgreSQL)', () => {
    const pipe = new ParseInt32Pipe({ min: 1 });
    expect(fieldsOf(() => pipe.transform('2147483648', { type: 'param', data: 'version' }))).toBe(
      'version: must be a decimal integer between 1 and 2147483647',
    );
    expect(fieldsOf(() => pipe.transform('0x10', { type: 'param', data: 'version' }))).toBe(
      'version: must be a decimal integer between 1 and 2147483647',
    );
    expect(fieldsOf(() => pipe.transform('0', { type: 'param', data: 'version' }))).toBe(
      'version: must be a decimal integer between 1 and 2147483647',
    );
    expect(fieldsOf(() => pipe.transform('3', { type: 'param', data: 'version' }))).toBe('accepted 3');
  });
});

describe('UUID parameters', () => {
  it('answer 400 naming the parameter', () => {
    const pipe = new ParseUuidPipe();
    expect(fieldsOf(() => pipe.transform('not-a-uuid', { type: 'param', data: 'correctionId' }))).toBe('correctionId: must be a UUID');
    expect(fieldsOf(() => pipe.transform('3F2B8C1E-9D4A-4C6B-8E2F-1A7B9C0D5E6F', { type: 'param', data: 'id' }))).toBe(
      'accepted "3f2b8c1e-9d4a-4c6b-8e2f-1a7b9c0d5e6f"',
    );
  });
});
