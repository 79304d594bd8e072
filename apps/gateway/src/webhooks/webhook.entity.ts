import { Column, Entity, PrimaryColumn } from 'typeorm';

export const WEBHOOK_STATUSES = ['active', 'disabled'] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

/** A Member's webhook endpoint: where its notifications are POSTed, signed with the endpoint's secret. */
@Entity({ name: 'webhook' })
export class WebhookEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** The organisation that owns it and whose notifications it receives: a Member code, or WCO. */
  @Column({ name: 'owner_member', type: 'varchar', length: 3 })
  ownerMember: string;

  /** `sub` of the user who created it. */
  @Column({ name: 'created_by', type: 'varchar', length: 255 })
  createdBy: string;

  /** The Member's own label for it. */
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  /** Notification types it receives; empty: all. */
  @Column({ name: 'event_types', type: 'text', array: true })
  eventTypes: string[];

  /** The signing secret, sealed (WebhookSecretBox); never returned after creation or rotation. */
  @Column({ name: 'secret_sealed', type: 'text' })
  secretSealed: string;

  /** The secret before the last rotation, which also signs until `previousSecretUntil`. */
  @Column({ name: 'previous_secret_sealed', type: 'text', nullable: true })
  previousSecretSealed: string | null;

  @Column({ name: 'previous_secret_until', type: 'timestamptz', nullable: true })
  previousSecretUntil: Date | null;

  @Column({ type: 'varchar', length: 16 })
  status: WebhookStatus;

  /** Since when its deliveries fail without a success in between; null while they succeed. */
  @Column({ name: 'failing_since', type: 'timestamptz', nullable: true })
  failingSince: Date | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
