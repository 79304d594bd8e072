import { parseUntrustedJson } from './json-body-parser';
import { ValidationFailedError } from './domain.errors';

describe('parseUntrustedJson (the JSON body rules, for JSON that arrives another way)', () => {
  const code = (text: string, root?: string) => {
    const r = parseUntrustedJson(text, 8, root);
    return 'error' in r ? r.error.code : 'ok';
  };
  const fields = (text: string, root?: string) => {
    const r = parseUntrustedJson(text, 8, root);
    return 'error' in r && r.error instanceof ValidationFailedError ? r.error.errors.map((e) => e.field) : [];
  };

  it('parses ordinary JSON', () => {
    expect(parseUntrustedJson('{"a": [1, {"b": "c"}], "constructor": "x"}', 8)).toEqual({
      value: { a: [1, { b: 'c' }], constructor: 'x' },
    });
  });

  it('refuses what every JSON body is refused for, naming the field under the root', () => {
    expect(code('{"a": ')).toBe('malformed_json');
    expect(code('{"__proto__": {"x": 1}}')).toBe('forbidden_property_name');
    expect(code('{"\\u005f_proto__": {"x": 1}}')).toBe('forbidden_property_name');
    expect(code('{"constructor": {"prototype": {}}}')).toBe('forbidden_property_name');
    expect(code(`{"a": ${'['.repeat(9)}${']'.repeat(9)}}`)).toBe('json_too_deep');
    expect(code('{"a": "x\\u0000y"}')).toBe('unsafe_string');
    expect(fields('{"a": {"b": "\\ud800"}}', 'items.4')).toEqual(['items.4.a.b']);
    expect(fields('"\\u0000"', 'items.4')).toEqual(['items.4']);
    expect(fields('{"a": {"b": "\\ud800"}}')).toEqual(['a.b']);
  });
});
