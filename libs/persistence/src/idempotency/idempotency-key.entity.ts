import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The stored outcome of a creating request, per (scope, Idempotency-Key). `responseStatus` null = still running. */
@Entity({ name: 'idempotency_key' })
export class IdempotencyKeyEntity {
  /** What the key is unique within, e.g. `POST /reports` plus the caller's Member. */
  @PrimaryColumn({ type: 'text' })
  scope: string;

  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ name: 'request_hash', type: 'text' })
  requestHash: string;

  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus: number | null;

  @Column({ name: 'response_body', type: 'jsonb', nullable: true })
  responseBody: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
