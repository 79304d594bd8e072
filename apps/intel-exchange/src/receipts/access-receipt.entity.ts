import { Column, Entity, PrimaryColumn } from 'typeorm';

export const ACCESS_KINDS = ['detail', 'version', 'list', 'export'] as const;
export type AccessKindCode = (typeof ACCESS_KINDS)[number];

@Entity({ name: 'access_receipt' })
export class AccessReceiptEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'report_id', type: 'uuid' })
  reportId: string;

  @Column({ name: 'report_version', type: 'integer' })
  reportVersion: number;

  @Column({ name: 'accessor_member', type: 'varchar', length: 3 })
  accessorMember: string;

  @Column({ name: 'accessor_subject', type: 'varchar', length: 255 })
  accessorSubject: string;

  /** The role the read was allowed through; null on receipts recorded before it was. */
  @Column({ name: 'accessor_role', type: 'varchar', length: 32, nullable: true })
  accessorRole: string | null;

  @Column({ name: 'access_kind', type: 'varchar', length: 16 })
  accessKind: AccessKindCode;

  @Column({ name: 'accessed_at', type: 'timestamptz' })
  accessedAt: Date;
}
