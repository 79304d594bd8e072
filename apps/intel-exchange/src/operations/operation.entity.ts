import { Column, Entity, OneToMany, PrimaryColumn } from 'typeorm';
import type { OperationState } from '../domain/code-lists';
import { OperationParticipantEntity } from './operation-participant.entity';

@Entity({ name: 'operation' })
export class OperationEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'commodity_focus', type: 'text', array: true })
  commodityFocus: string[];

  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn: string;

  @Column({ type: 'varchar', length: 16 })
  state: OperationState;

  @Column({ name: 'coordinator_member', type: 'varchar', length: 3 })
  coordinatorMember: string;

  @Column({ name: 'coordinator_subject', type: 'varchar', length: 255 })
  coordinatorSubject: string;

  /** The report template: optional report fields that reports attached to this operation must fill. */
  @Column({ name: 'required_fields', type: 'text', array: true })
  requiredFields: string[];

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @OneToMany(() => OperationParticipantEntity, (p) => p.operation)
  participants?: OperationParticipantEntity[];
}
