import { FieldError } from '../errors/problem-details';

/** Default deepest nesting of objects and arrays a JSON body may have (HTTP_JSON_MAX_DEPTH). */
export const DEFAULT_MAX_JSON_DEPTH = 64;

// U+0000 is refused by PostgreSQL in text and jsonb; a lone surrogate is refused in jsonb and silently turned
// into U+FFFD in text, so a stored value would differ from the one the reply echoes.
const NUL = '\u0000';
// In unicode mode a paired surrogate is one code point; only a lone one is in the Surrogate category.
const LONE_SURROGATE = /\p{Cs}/u;

/** Why `text` cannot be stored as given, or undefined when it can. */
export function unsafeStringReason(text: string): string | undefined {
  if (text.includes(NUL)) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'must not contain a lone UTF-16 surrogate (U+D800 to U+DFFF)';
  return undefined;
}

/**
 * The deepest nesting of `[`/`{` in a JSON text, counted without parsing it (strings skipped), stopping as soon as
 * `limit` is exceeded. It runs before JSON.parse so that nothing recursive ever sees a deeper document.
 */
export function jsonNestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** `a.b.0.c`, the format of every field in a validation problem. */
function join(parent: string, key: string | number): string {
  return parent === '' ? String(key) : `${parent}.${key}`;
}

/**
 * The first string or key in a parsed JSON value that cannot be stored (NUL, lone surrogate), with its path.
 * Iterative, so a value of any depth is safe to walk.
 */
export function findUnsafeString(value: unknown, root = ''): FieldError | undefined {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [current, path] = stack.pop() as [unknown, string];
    if (typeof current === 'string') {
      const reason = unsafeStringReason(current);
      if (reason) return { field: path === '' ? '(body)' : path, reason };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], join(path, i)]);
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        const keyReason = unsafeStringReason(key);
        // The key itself cannot be stored: name the object that holds it.
        if (keyReason) return { field: path === '' ? '(body)' : path, reason: `keys ${keyReason}` };
        stack.push([child, join(path, key)]);
      }
    }
  }
  return undefined;
}

/**
 * The first place where a parsed JSON value nests deeper than `limit` (top-level object or array = 1), as the
 * path of the container that goes one level too deep. Iterative.
 */
export function findTooDeep(value: unknown, limit: number): FieldError | undefined {
  const stack: [unknown, string, number][] = [[value, '', 1]];
  while (stack.length > 0) {
    const [current, path, depth] = stack.pop() as [unknown, string, number];
    if (current === null || typeof current !== 'object') continue;
    if (depth > limit) return { field: path === '' ? '(body)' : path, reason: `nests deeper than ${limit} levels of objects and arrays` };
    const entries: [string | number, unknown][] = Array.isArray(current) ? current.map((v, i) => [i, v]) : Object.entries(current);
    for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i][1], join(path, entries[i][0]), depth + 1]);
  }
  return undefined;
}
