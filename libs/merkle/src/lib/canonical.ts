import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JCS) bytes of a JSON value, through the maintained `canonicalize` package. Numbers must be safe
 * integers: money is integer cents, and a float or a 2^53+ integer would not survive every JSON parser an auditor
 * might use, so it is refused rather than hashed.
 */
export function canonicalBytes(value: unknown): Buffer {
  assertPortable(value, '$');
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return Buffer.from(text, 'utf8');
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
