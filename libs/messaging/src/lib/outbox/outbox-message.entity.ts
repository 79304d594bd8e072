import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An event waiting to be published, written in the same transaction as the state change it reports.
 * Rows are deleted once the broker has acknowledged them.
 */
@Entity({ name: 'outbox' })
@Index('outbox_shard_seq', ['shard', 'seq'])
export class OutboxMessageEntity {
  /** Commit-ordered per key (see OutboxWriter); never used as a cursor. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq: string;

  @Index('outbox_event_id_key', { unique: true })
  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'text' })
  topic: string;

  @Column({ type: 'text' })
  key: string;

  /** hash(key) mod OUTBOX_SHARDS; one relay at a time publishes a shard, which keeps per-key order. */
  @Column({ type: 'smallint' })
  shard: number;

  @Column({ name: 'ce_type', type: 'text' })
  ceType: string;

  @Column({ name: 'ce_source', type: 'text' })
  ceSource: string;

  @Column({ name: 'ce_subject', type: 'text' })
  ceSubject: string;

  @Column({ name: 'ce_time', type: 'timestamptz' })
  ceTime: Date;

  /** `json`, not `jsonb`: the text OutboxWriter wrote is kept as it is, and the relay sends it unparsed. */
  @Column({ type: 'json' })
  payload: object;

  /** traceparent/tracestate captured from the active OpenTelemetry context when the row was written. */
  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  headers: Record<string, string>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;
}
