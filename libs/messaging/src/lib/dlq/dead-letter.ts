import { headersAsStrings } from '@wco/contracts';
import type { IHeaders } from 'kafkajs';

/** Headers a dead letter carries besides the original ones. */
export const DlqHeaders = {
  Reason: 'dlq-reason',
  ErrorCode: 'dlq-error-code',
  OriginalTopic: 'dlq-original-topic',
  OriginalPartition: 'dlq-original-partition',
  OriginalOffset: 'dlq-original-offset',
  ConsumerGroup: 'dlq-consumer-group',
  FailedAt: 'dlq-failed-at',
  Attempts: 'dlq-attempts',
} as const;

export const DLQ_HEADER_PREFIX = 'dlq-';

export interface DeadLetterOrigin {
  topic: string;
  partition: number;
  offset: string;
  consumerGroup: string;
}

export interface DeadLetterCause {
  reason: string;
  errorCode: string;
  attempts: number;
}

/** Original headers plus the dlq-* ones (original dlq-* headers of a replayed event are replaced). */
export function deadLetterHeaders(original: IHeaders | undefined, origin: DeadLetterOrigin, cause: DeadLetterCause): IHeaders {
  const headers: IHeaders = {};
  for (const [k, v] of Object.entries(original ?? {})) if (!k.startsWith(DLQ_HEADER_PREFIX) && v !== undefined) headers[k] = v;
  headers[DlqHeaders.Reason] = cause.reason.slice(0, 4000);
  headers[DlqHeaders.ErrorCode] = cause.errorCode;
  headers[DlqHeaders.OriginalTopic] = origin.topic;
  headers[DlqHeaders.OriginalPartition] = String(origin.partition);
  headers[DlqHeaders.OriginalOffset] = origin.offset;
  headers[DlqHeaders.ConsumerGroup] = origin.consumerGroup;
  headers[DlqHeaders.FailedAt] = new Date().toISOString();
  headers[DlqHeaders.Attempts] = String(cause.attempts);
  return headers;
}

/** Headers without the dlq-* ones: what the event carried before it failed. */
export function stripDeadLetterHeaders(headers: IHeaders | undefined): IHeaders {
  const out: IHeaders = {};
  for (const [k, v] of Object.entries(headers ?? {})) if (!k.startsWith(DLQ_HEADER_PREFIX) && v !== undefined) out[k] = v;
  return out;
}

export interface DeadLetterInfo {
  eventId: string | null;
  type: string | null;
  reason: string;
  errorCode: string;
  originalTopic: string | null;
  originalPartition: number | null;
  originalOffset: string | null;
  consumerGroup: string | null;
  failedAt: string | null;
  attempts: number | null;
}

export function readDeadLetter(headers: IHeaders | undefined): DeadLetterInfo {
  const h = headersAsStrings(headers);
  return {
    eventId: h['ce_id'] ?? null,
    type: h['ce_type'] ?? null,
    reason: h[DlqHeaders.Reason] ?? '',
    errorCode: h[DlqHeaders.ErrorCode] ?? '',
    originalTopic: h[DlqHeaders.OriginalTopic] ?? null,
    originalPartition: h[DlqHeaders.OriginalPartition] ? Number(h[DlqHeaders.OriginalPartition]) : null,
    originalOffset: h[DlqHeaders.OriginalOffset] ?? null,
    consumerGroup: h[DlqHeaders.ConsumerGroup] ?? null,
    failedAt: h[DlqHeaders.FailedAt] ?? null,
    attempts: h[DlqHeaders.Attempts] ? Number(h[DlqHeaders.Attempts]) : null,
  };
}
