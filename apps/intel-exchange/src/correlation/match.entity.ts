import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'report_match' })
export class MatchEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** The lower report id of the pair. */
  @Column({ name: 'report_a', type: 'uuid' })
  reportA: string;

  @Column({ name: 'report_b', type: 'uuid' })
  reportB: string;

  @Column({ name: 'member_a', type: 'varchar', length: 3 })
  memberA: string;

  @Column({ name: 'member_b', type: 'varchar', length: 3 })
  memberB: string;

  @Column({ name: 'indicator_kinds', type: 'text', array: true })
  indicatorKinds: string[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
