import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IndicatorKind } from '@wco/contracts';
import { INDICATOR_KINDS } from '../domain/indicators';
import type { MatchView, UbiquitousIndicatorView } from './matches.service';

@ApiSchema({ name: 'MatchView', description: "A match between one of the caller Member's reports and another report" })
export class MatchViewSchema implements MatchView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid', description: "The caller Member's report" })
  reportId: string;

  @ApiPropertyOptional({ format: 'uuid', description: "The other report, only while the caller's Member may see it" })
  matchedReportId?: string;

  @ApiProperty({ enum: Object.values(IndicatorKind), enumName: 'IndicatorKind', isArray: true, description: 'What the reports share' })
  indicatorKinds: string[];

  @ApiProperty({ format: 'date-time' })
  matchedAt: string;
}

@ApiSchema({ name: 'MatchPage' })
export class MatchPageSchema {
  @ApiProperty({ type: () => MatchViewSchema, isArray: true })
  items: MatchViewSchema[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor: string | null;
}

@ApiSchema({ name: 'UbiquitousIndicatorView' })
export class UbiquitousIndicatorViewSchema implements UbiquitousIndicatorView {
  @ApiProperty({ enum: [...INDICATOR_KINDS], enumName: 'IndicatorValueKind' })
  kind: string;

  @ApiProperty({ description: 'The indicator value as first submitted' })
  value: string;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'How many live reports carrying the value the caller may see (never the total, which would count hidden ones)',
  })
  reportCount: number;
}

@ApiSchema({ name: 'UbiquitousIndicatorList' })
export class UbiquitousIndicatorListSchema {
  @ApiProperty({ type: () => UbiquitousIndicatorViewSchema, isArray: true })
  items: UbiquitousIndicatorViewSchema[];
}
