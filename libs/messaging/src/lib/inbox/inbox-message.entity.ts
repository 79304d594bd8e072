import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An event a consumer group has applied; inserted in the same transaction as the effect. */
@Entity({ name: 'inbox' })
export class InboxMessageEntity {
  @PrimaryColumn({ name: 'consumer_group', type: 'text' })
  consumerGroup: string;

  /** ce_id of the event (text: events from outside the platform need not use UUIDs). */
  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId: string;

  @CreateDateColumn({ name: 'processed_at', type: 'timestamptz' })
  processedAt: Date;
}
