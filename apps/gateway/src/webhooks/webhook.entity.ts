import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'webhook' })
export class WebhookEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** The organisation that owns it: a Member code, or WCO for the Secretariat. */
  @Column({ name: 'owner_member', type: 'varchar', length: 3 })
  ownerMember: string;

  /** `sub` of the user who created it. */
  @Column({ name: 'created_by', type: 'varchar', length: 255 })
  createdBy: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
