import type { AuditEntryAppendedEvent } from '@wco/contracts';
import { canonicalText } from '@wco/merkle';
import canonicalize from 'canonicalize';

/**
 * RFC 8785 text of an entry's hashed fields {seq, kind, aggregateId, payload, recordedAt, prevHash} (the contract of
 * AuditEntryAppendedEvent). The six member names are fixed, so their JCS order (UTF-16 code units: aggregateId, kind,
 * payload, prevHash, recordedAt, seq) is written out here, and every value is serialised by `canonicalize` itself:
 * the payload (any JSON, refused with a TypeError if it holds a float or an unsafe integer) through `canonicalText`,
 * the strings and the number as `canonicalize` writes a primitive. This spares sorting and joining the outer object
 * for every entry; `entry-bytes.spec.ts` checks the text equals `canonicalize` of the whole object.
 */
export function entryCanonicalText(e: Omit<AuditEntryAppendedEvent, 'leafHash'>): string {
  return (
    `{"aggregateId":${canonicalize(e.aggregateId)},"kind":${canonicalize(e.kind)},"payload":${canonicalText(e.payload)}` +
    `,"prevHash":${canonicalize(e.prevHash)},"recordedAt":${canonicalize(e.recordedAt)},"seq":${canonicalize(e.seq)}}`
  );
}
