import canonicalize from 'canonicalize';

/**
 * The platform's one canonical JSON: RFC 8785 (JCS) by the `canonicalize` package. Keys sorted, numbers and strings in
 * their ECMAScript form, `undefined` members dropped; two values that mean the same JSON give the same text, which is
 * what hashes of requests (idempotency keys) and STIX SCO ids need.
 */
export function canonicalJson(value: unknown): string {
  return canonicalize(value) ?? 'null';
}
