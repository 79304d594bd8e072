import { AUDIT_LOG_KEY, AuditEntryAppendedEvent, TreeHeadSignedEvent, type RawKafkaMessage } from '@wco/contracts';

/*
 * A fast yes for the envelope of the two audit event types, the way `certainlyValid` is one for their payloads.
 * `decodeEvent` of @wco/contracts decides what a valid event is; for a message with exactly the headers budget-audit's
 * relay writes (the seven CloudEvents binding headers, optionally the W3C trace context and headers that are no
 * binding header), it accepts when: ce_id, ce_source and ce_subject are not empty, ce_specversion is "1.0", ce_type
 * is one of the two audit types (which follow the type pattern), content-type is application/json, ce_time is a
 * date, and the value is JSON. Those checks are made here on the raw header bytes, without decoding every header to a
 * string; anything else (another header set, repeated or string-typed values the fast path does not know, a value
 * that does not parse) answers `undefined`, and the caller asks `decodeEvent`, which decides and words the error.
 * `fast-envelope.spec.ts` checks that a result here is what `decodeEvent` gives for the same message.
 */

export interface AuditEnvelope {
  type: string;
  data: unknown;
  key: string | null;
}

const ENTRY_TYPE = Buffer.from(AuditEntryAppendedEvent.type);
const HEAD_TYPE = Buffer.from(TreeHeadSignedEvent.type);
const SPEC_VERSION = Buffer.from('1.0');
const JSON_TYPE = Buffer.from('application/json');
const LOG_KEY = Buffer.from(AUDIT_LOG_KEY);

/** The headers budget-audit's relay writes on every audit event (the binding's; trace context aside). */
export const AUDIT_EVENT_HEADERS = ['ce_id', 'ce_type', 'ce_source', 'ce_specversion', 'ce_time', 'ce_subject', 'content-type'];

type HeaderValue = Buffer | string;

function asBytes(v: unknown): Buffer | undefined {
  if (Buffer.isBuffer(v)) return v;
  if (typeof v === 'string') return Buffer.from(v);
  return undefined;
}

/** Parses the ce_time values seen recently only once: consecutive entries often share their millisecond. */
class TimeMemo {
  private last?: Buffer;
  isDate(v: Buffer): boolean {
    if (this.last && this.last.equals(v)) return true;
    if (Number.isNaN(Date.parse(v.toString('latin1'))) || !isAscii(v)) return false;
    this.last = Buffer.from(v);
    return true;
  }
}

function isAscii(v: Buffer): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] > 0x7e || v[i] < 0x20) return false;
  return true;
}

export class FastEnvelopeDecoder {
  private readonly time = new TimeMemo();

  /** The envelope `decodeEvent` would give (type, data, key), or undefined when only `decodeEvent` can say. */
  decode(message: RawKafkaMessage): AuditEnvelope | undefined {
    const headers = message.headers;
    if (!headers) return undefined;
    let type: string | undefined;
    let seen = 0;
    for (const name in headers) {
      if (!Object.prototype.hasOwnProperty.call(headers, name)) continue;
      const raw = headers[name] as HeaderValue | HeaderValue[] | undefined;
      if (!AUDIT_EVENT_HEADERS.includes(name)) {
        // decodeEvent reads binding headers whatever their case; any other header it ignores.
        const lower = name.toLowerCase();
        if (lower.startsWith('ce_') || lower === 'content-type') return undefined;
        continue;
      }
      const v = asBytes(raw);
      if (v === undefined) return undefined;
      seen += 1;
      switch (name) {
        case 'ce_type':
          if (v.equals(ENTRY_TYPE)) type = AuditEntryAppendedEvent.type;
          else if (v.equals(HEAD_TYPE)) type = TreeHeadSignedEvent.type;
          else return undefined;
          break;
        case 'ce_specversion':
          if (!v.equals(SPEC_VERSION)) return undefined;
          break;
        case 'content-type':
          if (!v.equals(JSON_TYPE)) return undefined;
          break;
        case 'ce_time':
          if (!this.time.isDate(v)) return undefined;
          break;
        default: // ce_id, ce_source, ce_subject: present and not empty
          if (v.length === 0) return undefined;
      }
    }
    if (seen !== AUDIT_EVENT_HEADERS.length || type === undefined) return undefined;
    const value = message.value;
    if (value === null || value === undefined || value.length === 0) return undefined;
    let data: unknown;
    try {
      data = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
    } catch {
      return undefined;
    }
    const k = message.key;
    const key = k === null || k === undefined ? null : Buffer.isBuffer(k) ? (k.equals(LOG_KEY) ? AUDIT_LOG_KEY : k.toString()) : String(k);
    return { type, data, key };
  }
}
