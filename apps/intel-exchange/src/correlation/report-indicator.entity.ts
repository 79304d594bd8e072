import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'report_indicator' })
export class ReportIndicatorEntity {
  @PrimaryColumn({ name: 'report_id', type: 'uuid' })
  reportId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  hash: string;

  @Column({ type: 'varchar', length: 48 })
  kind: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
