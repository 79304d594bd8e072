import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The current projection of a report: the filter and access columns of its latest version. */
@Entity({ name: 'report' })
export class ReportEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'current_version', type: 'integer' })
  currentVersion: number;

  @Column({ name: 'originator_member', type: 'varchar', length: 3 })
  originatorMember: string;

  @Column({ name: 'submitted_by', type: 'varchar', length: 255 })
  submittedBy: string;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ name: 'commodity_categories', type: 'text', array: true })
  commodityCategories: string[];

  @Column({ name: 'hs_codes', type: 'text', array: true })
  hsCodes: string[];

  @Column({ name: 'hs_chapters', type: 'text', array: true })
  hsChapters: string[];

  @Column({ name: 'hs_headings', type: 'text', array: true })
  hsHeadings: string[];

  @Column({ name: 'detected_at', type: 'timestamptz' })
  detectedAt: Date;

  @Column({ name: 'route_countries', type: 'text', array: true })
  routeCountries: string[];

  @Column({ type: 'varchar', length: 64, nullable: true })
  concealment: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  detection: string | null;

  @Column({ type: 'varchar', length: 16 })
  tlp: string;

  @Column({ name: 'distribution_level', type: 'varchar', length: 32 })
  distributionLevel: string;

  @Column({ name: 'distribution_members', type: 'text', array: true })
  distributionMembers: string[];

  @Column({ name: 'operation_id', type: 'uuid', nullable: true })
  operationId: string | null;

  @Column({ name: 'personal_data_released_to', type: 'text', array: true })
  personalDataReleasedTo: string[];

  @Column({ name: 'retention_until', type: 'date' })
  retentionUntil: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'purged_at', type: 'timestamptz', nullable: true })
  purgedAt: Date | null;
}
