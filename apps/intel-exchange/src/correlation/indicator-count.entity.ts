import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How many live reports carry an indicator value; past the threshold the value is ubiquitous. */
@Entity({ name: 'indicator_count' })
export class IndicatorCountEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  hash: string;

  @Column({ type: 'varchar', length: 48 })
  kind: string;

  @Column({ name: 'display_value', type: 'varchar', length: 200 })
  displayValue: string;

  @Column({ name: 'report_count', type: 'integer' })
  reportCount: number;

  @Column({ name: 'ubiquitous_since', type: 'timestamptz', nullable: true })
  ubiquitousSince: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
