import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JCS) text of a JSON value, through the maintained `canonicalize` package. Numbers must be safe
 * integers: money is integer cents, and a float or a 2^53+ integer would not survive every JSON parser an auditor
 * might use, so it is refused (a TypeError naming the path) rather than hashed.
 */
export function canonicalText(value: unknown): string {
  // The cheap walk first; the one that builds paths runs only to word the refusal.
  if (!isPortable(value)) assertPortable(value, '$');
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}

/** The UTF-8 bytes of `canonicalText(value)`. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalText(value), 'utf8');
}

function isPortable(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isSafeInteger(value);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!isPortable(value[i])) return false;
        return true;
      }
      const o = value as Record<string, unknown>;
      for (const k in o) {
        if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
        const v = o[k];
        if (v === undefined || !isPortable(v)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

function assertPortable(value: unknown, path: string): void {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw new TypeError(`${path}: ${value} is not a safe integer (give decimals and large numbers as strings)`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertPortable(v, `${path}[${i}]`));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) throw new TypeError(`${path}.${k} is undefined (leave the key out or use null)`);
      assertPortable(v, `${path}.${k}`);
    }
  } else if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol' || value === undefined) {
    throw new TypeError(`${path}: a ${typeof value} has no JSON form`);
  }
}
