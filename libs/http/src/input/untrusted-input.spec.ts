import { findTooDeep, findUnsafeString, jsonNestingExceeds, unsafeStringReason } from './untrusted-input';

describe('strings PostgreSQL cannot store as given', () => {
  it('refuses NUL (text and jsonb reject it) and lone surrogates (jsonb rejects them, text turns them into U+FFFD)', () => {
    expect(unsafeStringReason('a\u0000b')).toBe('must not contain the NUL character (U+0000)');
    expect(unsafeStringReason('\ud800')).toBe('must not contain a lone UTF-16 surrogate (U+D800 to U+DFFF)');
    expect(unsafeStringReason('x\udfff')).toBe('must not contain a lone UTF-16 surrogate (U+D800 to U+DFFF)');
  });

  it('accepts paired surrogates (emoji), U+FFFD and any other text', () => {
    expect(unsafeStringReason('🚢 container \ufffd é 中')).toBeUndefined();
  });

  it('finds the first bad string or key at any depth, with its path', () => {
    expect(findUnsafeString({ goods: [{ description: 'ok' }, { description: 'bad\u0000' }] })).toEqual({
      field: 'goods.1.description',
      reason: 'must not contain the NUL character (U+0000)',
    });
    expect(findUnsafeString({ route: { 'k\ud800': 1 } })).toEqual({
      field: 'route',
      reason: 'keys must not contain a lone UTF-16 surrogate (U+D800 to U+DFFF)',
    });
    expect(findUnsafeString('\u0000')).toEqual({ field: '(body)', reason: 'must not contain the NUL character (U+0000)' });
    expect(findUnsafeString({ a: [1, true, null, 'fine'] })).toBeUndefined();
  });

  it('walks a value 100,000 levels deep without overflowing the stack', () => {
    const deep = JSON.parse(`${'{"a":'.repeat(100_000)}"\\u0000"${'}'.repeat(100_000)}`);
    expect(findUnsafeString(deep)?.field.split('.').length).toBe(100_000);
  });
});

describe('nesting depth', () => {
  it('counts brackets outside strings only, and stops at the limit', () => {
    expect(jsonNestingExceeds('{"a":{"b":[1]}}', 3)).toBe(false);
    expect(jsonNestingExceeds('{"a":{"b":[[1]]}}', 3)).toBe(true);
    expect(jsonNestingExceeds('{"a":"[[[[[[{{{{\\"[[["}', 1)).toBe(false);
    expect(jsonNestingExceeds(`${'['.repeat(1_000_000)}`, 64)).toBe(true);
  });

  it('names the container that goes one level too deep', () => {
    expect(findTooDeep({ a: { b: { c: {} } } }, 3)).toEqual({ field: 'a.b.c', reason: 'nests deeper than 3 levels of objects and arrays' });
    expect(findTooDeep([[[1]]], 2)).toEqual({ field: '0.0', reason: 'nests deeper than 2 levels of objects and arrays' });
    expect(findTooDeep({ a: { b: 1 } }, 2)).toBeUndefined();
  });
});
