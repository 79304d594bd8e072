import { canonicalJson } from '@wco/contracts';
import { createHash } from 'node:crypto';

// Deterministic STIX identifiers: exporting the same report version twice yields the same ids, so a consumer that
// imports both bundles updates objects instead of duplicating them.

/** Namespace of every SDO/SRO/bundle id minted by intel-exchange (a fixed random UUID; never change it). */
export const WCO_STIX_NAMESPACE = 'f6b5bcce-cd62-4f13-b4b3-4feb414e06d6';
/** The namespace STIX 2.1 (§2.9) prescribes for cyber-observable ids. */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/** RFC 9562 UUID version 5 (SHA-1, name-based). */
export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`invalid namespace UUID: ${namespace}`);
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `<type>--<uuidv5 of the parts>`; the parts name the object (e.g. report id, version, role). */
export function stixId(type: string, ...parts: readonly (string | number)[]): string {
  return `${type}--${uuidV5([type, ...parts].join('|'), WCO_STIX_NAMESPACE)}`;
}

/** JSON with object keys sorted, as STIX requires for the name of an SCO's UUIDv5: the platform's RFC 8785 one. */
export { canonicalJson };

/** SCO id from its ID-contributing properties (STIX 2.1 §2.9). */
export function scoId(type: string, contributing: Record<string, unknown>): string {
  return `${type}--${uuidV5(canonicalJson(contributing), STIX_SCO_NAMESPACE)}`;
}
