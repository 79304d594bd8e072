import { randomUUID } from 'node:crypto';
import { CloudEvent, Kafka, type KafkaMessage } from 'cloudevents';
import type { IHeaders, Message } from 'kafkajs';
import { MalformedEventError } from './event-envelope.errors';

export const CE_SPEC_VERSION = '1.0';
export const JSON_CONTENT_TYPE = 'application/json';
/** `org.wcoomd.<service>.<event...>.v<major>` */
export const EVENT_TYPE_PATTERN = /^org\.wcoomd\.[a-z0-9-]+(\.[a-z0-9-]+)+\.v[1-9][0-9]*$/;
const SOURCE_PATTERN = /^\/[a-z0-9-]+(\/[a-z0-9-]+)*$/;

/** Headers of the W3C trace context that ride along with the CloudEvent. */
export interface TraceHeaders {
  traceparent?: string;
  tracestate?: string;
}

/** A decoded CloudEvent of the platform, data still untyped until validated against its contract. */
export interface EventEnvelope<T = unknown> extends TraceHeaders {
  id: string;
  type: string;
  source: string;
  /** The aggregate id; also the Kafka key, so per-aggregate order holds. */
  subject: string;
  time: string;
  specversion: string;
  datacontenttype: string;
  data: T;
  /** Kafka key as received (the aggregate id for events written by this platform). */
  key: string | null;
}

export interface NewEvent<T = unknown> extends TraceHeaders {
  /** Defaults to a random UUID. */
  id?: string;
  type: string;
  /** `/<service>`, e.g. `/intel-exchange`. */
  source: string;
  /** Aggregate id; becomes the Kafka key. */
  subject: string;
  /** ISO 8601; defaults to now. */
  time?: string;
  data: T;
}

/** A kafkajs message whose headers are plain strings (what `encodeEvent` produces). */
export interface EncodedEvent extends Message {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** Encodes a CloudEvent in Kafka binary content mode with the `cloudevents` Kafka binding. */
export function encodeEvent<T>(event: NewEvent<T>): EncodedEvent {
  if (!EVENT_TYPE_PATTERN.test(event.type)) {
    throw new MalformedEventError(`type "${event.type}" does not follow org.wcoomd.<service>.<event>.v<major>`);
  }
  if (!SOURCE_PATTERN.test(event.source)) throw new MalformedEventError(`source "${event.source}" must look like /<service>`);
  if (!event.subject) throw new MalformedEventError('subject (the aggregate id) is required');
  const ce = new CloudEvent<T>({
    id: event.id ?? randomUUID(),
    type: event.type,
    source: event.source,
    subject: event.subject,
    time: event.time ?? new Date().toISOString(),
    specversion: CE_SPEC_VERSION,
    datacontenttype: JSON_CONTENT_TYPE,
    partitionkey: event.subject,
    data: event.data,
  });
  const binary = Kafka.binary(ce) as KafkaMessage<T>;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(binary.headers)) {
    // The binding also emits the partition key and content type as ce_ headers; the spec maps them to the
    // Kafka key and the content-type header, so the duplicates are dropped.
    if (value === undefined || name === 'ce_partitionkey' || name === 'ce_datacontenttype') continue;
    headers[name] = Array.isArray(value) ? value.join(',') : String(value);
  }
  if (event.traceparent) headers['traceparent'] = event.traceparent;
  if (event.tracestate) headers['tracestate'] = event.tracestate;
  return {
    key: event.subject,
    value: JSON.stringify(binary.value),
    headers,
    timestamp: binary.timestamp,
  };
}

/** An event as the outbox stored it: checked when it was written (type, source, payload contract), data as JSON text. */
export interface StoredEvent extends TraceHeaders {
  id: string;
  type: string;
  source: string;
  subject: string;
  /** ISO 8601, as `Date.toISOString()` writes it. */
  time: string;
  /** The data as JSON text, sent as it is. */
  dataJson: string;
}

/**
 * The message `encodeEvent` makes for an event already checked when it was stored, built directly: without the
 * `cloudevents` binding's per-event validation, and without parsing and serialising the data again. The outbox
 * relay's path (its rows were checked by OutboxWriter). `envelope-fast-encode.spec.ts` holds it equal to
 * `encodeEvent`.
 */
export function encodeStoredEvent(event: StoredEvent): EncodedEvent {
  const headers: Record<string, string> = {
    'content-type': JSON_CONTENT_TYPE,
    ce_id: event.id,
    ce_time: event.time,
    ce_type: event.type,
    ce_source: event.source,
    ce_specversion: CE_SPEC_VERSION,
    ce_subject: event.subject,
  };
  if (event.traceparent) headers['traceparent'] = event.traceparent;
  if (event.tracestate) headers['tracestate'] = event.tracestate;
  return { key: event.subject, value: event.dataJson, headers, timestamp: String(Date.parse(event.time)) };
}

/** The parts of a consumed kafkajs message that decoding needs. */
export interface RawKafkaMessage {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: IHeaders;
}

/** Kafka headers as strings (first value of a repeated header). */
export function headersAsStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  // for..in + hasOwn instead of Object.entries: this runs for every consumed message, and the entry arrays
  // were a measurable share of the consumer's garbage.
  for (const name in headers) {
    if (!Object.prototype.hasOwnProperty.call(headers, name)) continue;
    const raw = headers[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined) continue;
    out[name.toLowerCase()] = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  }
  return out;
}

const REQUIRED_HEADERS = ['ce_id', 'ce_type', 'ce_source', 'ce_specversion'] as const;

function missingHeaders(headers: Record<string, string>): string[] {
  const missing: string[] = [];
  for (const h of REQUIRED_HEADERS) if (!headers[h]) missing.push(h);
  return missing;
}

interface DecodingHeaders extends TraceHeaders {
  /** What the `cloudevents` Kafka binding reads: the `ce_*` attributes and content-type. */
  binding: Record<string, string>;
  /** A binding header other than the ones `encodeEvent` writes (an extension, dataschema, ...). */
  unusual: boolean;
}

/** The binding headers `encodeEvent` writes: for exactly these the binding's result is computed directly. */
const USUAL_BINDING_HEADERS = new Set(['ce_id', 'ce_type', 'ce_source', 'ce_specversion', 'ce_time', 'ce_subject', 'content-type']);

/**
 * The headers of `message` that decoding needs, as strings: the binding's and the W3C trace context (not a
 * CloudEvent attribute). Other headers are neither decoded from UTF-8 nor handed to the binding, which would only
 * skip them.
 */
function decodingHeaders(headers: IHeaders | undefined): DecodingHeaders {
  const out: DecodingHeaders = { binding: {}, unusual: false };
  if (!headers) return out;
  for (const rawName in headers) {
    if (!Object.prototype.hasOwnProperty.call(headers, rawName)) continue;
    const name = rawName.toLowerCase();
    const isBinding = name.startsWith('ce_') || name === 'content-type';
    if (!isBinding && name !== 'traceparent' && name !== 'tracestate') continue;
    const raw = headers[rawName];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined) continue;
    const text = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
    if (isBinding) {
      out.binding[name] = text;
      if (!USUAL_BINDING_HEADERS.has(name)) out.unusual = true;
    } else if (name === 'traceparent') out.traceparent = text;
    else out.tracestate = text;
  }
  return out;
}

/** How the binding is run: `fast` computes its result for the usual headers directly, `sdk` always calls it. */
export type DecodeMode = 'fast' | 'sdk';

/**
 * Decodes a binary-mode CloudEvent; anything broken throws a MalformedEventError naming what is wrong.
 *
 * The `cloudevents` Kafka binding (`Kafka.toEvent`) defines the result. For the headers `encodeEvent` writes, what
 * it does (with `strict = false`, no schema validation) reduces to: each truthy `ce_*` header becomes its
 * attribute, `ce_time` becomes `new Date(ce_time).toISOString()` (a RangeError for an unparseable time), the value
 * is `JSON.parse`d (content-type application/json), and the CloudEvent constructor copies them. The fast mode does
 * exactly that without the binding's header copies, spreads and frozen CloudEvent; any other binding header
 * (extensions, dataschema, a missing ce_time, ...) goes through the binding itself. `event-envelope.equivalence.spec`
 * checks both modes give the same envelope or both refuse, on generated and malformed messages.
 */
export function decodeEvent(message: RawKafkaMessage, mode: DecodeMode = 'fast'): EventEnvelope {
  const { binding: headers, traceparent, tracestate, unusual } = decodingHeaders(message.headers);
  const missing = missingHeaders(headers);
  if (missing.length > 0) throw new MalformedEventError(`missing header(s) ${missing.join(', ')}`);
  if (headers['ce_specversion'] !== CE_SPEC_VERSION) {
    throw new MalformedEventError(`unsupported ce_specversion "${headers['ce_specversion']}" (expected ${CE_SPEC_VERSION})`);
  }
  if (!EVENT_TYPE_PATTERN.test(headers['ce_type'])) {
    throw new MalformedEventError(`ce_type "${headers['ce_type']}" does not follow org.wcoomd.<service>.<event>.v<major>`);
  }
  if (!headers['ce_subject']) throw new MalformedEventError('missing header ce_subject (the aggregate id)');
  const contentType = headers['content-type'];
  if (!contentType || !contentType.startsWith(JSON_CONTENT_TYPE)) {
    throw new MalformedEventError(`content-type must be ${JSON_CONTENT_TYPE}, got "${contentType ?? ''}"`);
  }
  if (message.value === null || message.value === undefined || message.value.length === 0) {
    throw new MalformedEventError('value is empty');
  }
  const value = Buffer.isBuffer(message.value) ? message.value.toString('utf8') : message.value;
  const key = message.key === null || message.key === undefined ? null : message.key.toString();
  const envelope =
    mode === 'fast' && !unusual && headers['ce_time']
      ? decodeUsual(headers, contentType, value, key)
      : decodeWithBinding(headers, contentType, value, key);
  if (traceparent) envelope.traceparent = traceparent;
  if (tracestate) envelope.tracestate = tracestate;
  return envelope;
}

/** The binding's result for the usual headers, in the binding's order (time before the value). */
function decodeUsual(headers: Record<string, string>, contentType: string, value: string, key: string | null): EventEnvelope {
  let time: string;
  try {
    time = new Date(headers['ce_time']).toISOString();
  } catch (err) {
    throw new MalformedEventError((err as Error).message);
  }
  let data: unknown;
  try {
    data = JSON.parse(value);
  } catch (err) {
    throw new MalformedEventError(`value is not valid JSON (${(err as Error).message})`);
  }
  return {
    id: headers['ce_id'],
    type: headers['ce_type'],
    source: headers['ce_source'],
    subject: headers['ce_subject'],
    time,
    specversion: headers['ce_specversion'],
    datacontenttype: contentType,
    data,
    key,
  };
}

function decodeWithBinding(headers: Record<string, string>, contentType: string, value: string, key: string | null): EventEnvelope {
  let ce: CloudEvent<unknown>;
  try {
    // The binding parses the JSON value itself (content-type is application/json).
    ce = Kafka.toEvent({ headers, key: key ?? '', value, body: value } as KafkaMessage<string>) as CloudEvent<unknown>;
  } catch (err) {
    if (err instanceof SyntaxError) throw new MalformedEventError(`value is not valid JSON (${err.message})`);
    throw new MalformedEventError((err as Error).message);
  }
  // The binding already normalises ce_time with `new Date(..).toISOString()` (an unparseable time throws a
  // RangeError there, reported above); without ce_time the CloudEvent constructor sets the current time. So
  // ce.time is an ISO string here and is used as is, without parsing it a second and third time.
  const time = ce.time;
  if (!time) throw new MalformedEventError(`ce_time "${headers['ce_time'] ?? ''}" is missing or not a date`);
  return {
    id: ce.id,
    type: ce.type,
    source: ce.source,
    subject: ce.subject as string,
    time,
    specversion: ce.specversion,
    datacontenttype: contentType,
    data: ce.data,
    key,
  };
}
