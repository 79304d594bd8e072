import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { OperationEntity } from './operation.entity';

@Entity({ name: 'operation_participant' })
export class OperationParticipantEntity {
  @PrimaryColumn({ name: 'operation_id', type: 'uuid' })
  operationId: string;

  @PrimaryColumn({ type: 'varchar', length: 3 })
  member: string;

  @Column({ name: 'admitted_at', type: 'timestamptz' })
  admittedAt: Date;

  @ManyToOne(() => OperationEntity, (o) => o.participants, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'operation_id' })
  // Relation<>: the two entities import each other, and a plain class type would be read before it exists.
  operation?: Relation<OperationEntity>;
}
