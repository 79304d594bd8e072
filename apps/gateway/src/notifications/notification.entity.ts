import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One notification for one Member; `seq` orders a Member's notifications and is the SSE event id. */
@Entity({ name: 'notification' })
export class NotificationEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** The only organisation that receives it: a Member code, or WCO. */
  @Column({ type: 'varchar', length: 3 })
  member: string;

  @Column({ type: 'bigint' })
  seq: string;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ type: 'varchar', length: 100 })
  subject: string;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Column({ name: 'dedupe_key', type: 'varchar', length: 200 })
  dedupeKey: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
