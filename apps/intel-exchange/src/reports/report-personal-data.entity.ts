import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PersonalData } from '../domain/report.types';

@Entity({ name: 'report_personal_data', schema: 'restricted' })
export class ReportPersonalDataEntity {
  @PrimaryColumn({ name: 'report_id', type: 'uuid' })
  reportId: string;

  @PrimaryColumn({ type: 'integer' })
  version: number;

  @Column({ name: 'personal_data', type: 'jsonb' })
  personalData: PersonalData;
}
