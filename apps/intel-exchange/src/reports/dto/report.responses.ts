import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { API_ENUMS } from '../../common/api-properties';
import { ReportSubmissionDto } from './report-submission.dto';
import type { CorrectionView, ReportPage, ReportVersionSummary, ReportView } from './report.view';

// Response bodies of the report routes for the OpenAPI document; `implements` keeps them in step with the views.

@ApiSchema({
  name: 'ReportView',
  description:
    'A report version as the caller may read it: the submission plus its identity and history. personalData is shown only to the originator and the Members it was released to; personalDataReleasedTo and submittedBy only to the originating Member.',
})
export class ReportViewSchema extends ReportSubmissionDto implements ReportView {
  @ApiProperty({ format: 'uuid', description: 'Stays the same across versions' })
  id: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'The version shown' })
  version: number;

  @ApiProperty({ type: 'integer', minimum: 1 })
  currentVersion: number;

  @ApiProperty({ ...API_ENUMS.organisation, description: 'The Member that submitted the report' })
  originatorMember: string;

  @ApiProperty({ format: 'date-time', description: 'When version 1 was stored' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', description: 'When the version shown was stored' })
  versionCreatedAt: string;

  @ApiPropertyOptional({ description: 'Only for the originating Member: the analyst (token subject) who submitted this version' })
  submittedBy?: string;
}

@ApiSchema({ name: 'ReportPage' })
export class ReportPageSchema implements ReportPage {
  @ApiProperty({ type: () => ReportViewSchema, isArray: true })
  items: ReportViewSchema[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor: string | null;
}

@ApiSchema({ name: 'ReportVersionSummary' })
export class ReportVersionSummarySchema implements ReportVersionSummary {
  @ApiProperty({ type: 'integer', minimum: 1 })
  version: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The accepted correction that made this version' })
  correctionId: string | null;

  @ApiPropertyOptional({ description: 'Only for the originating Member' })
  submittedBy?: string;
}

@ApiSchema({ name: 'CorrectionView' })
export class CorrectionViewSchema implements CorrectionView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  reportId: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'The version the correction was proposed on' })
  baseVersion: number;

  @ApiProperty({ ...API_ENUMS.organisation })
  proposedByMember: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Replacement values by section' })
  changes: Record<string, unknown>;

  @ApiProperty({ type: String, nullable: true })
  comment: string | null;

  @ApiProperty({ enum: ['proposed', 'accepted', 'rejected'] })
  status: 'proposed' | 'accepted' | 'rejected';

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  decisionReason: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'The version an accepted correction made' })
  resultingVersion: number | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
