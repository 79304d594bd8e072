import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional } from 'class-validator';
import {
  DISTRIBUTION_LEVELS,
  DistributionLevel,
  INFORMATION_CREDIBILITY,
  InformationCredibility,
  SOURCE_RELIABILITY,
  SourceReliability,
} from '../../domain/code-lists';
import { Distribution, Grading } from '../../domain/report.types';
import { IsMemberCode } from '../../domain/validators';
import { CrossFieldRule } from './cross-field-rule';
import { REPORT_LIMITS } from './report-limits';
import { API_ENUMS } from '../../common/api-properties';

export class GradingDto implements Grading {
  @ApiProperty({ ...API_ENUMS.sourceReliability, description: 'Admiralty grade of the source: A (reliable) to F (cannot be judged)' })
  @IsIn(SOURCE_RELIABILITY, { message: 'sourceReliability must be an Admiralty grade A-F' })
  sourceReliability: SourceReliability;

  @ApiProperty({
    ...API_ENUMS.informationCredibility,
    description: 'Admiralty grade of the information: 1 (confirmed) to 6 (cannot be judged), a number',
  })
  @IsIn(INFORMATION_CREDIBILITY, { message: 'informationCredibility must be an Admiralty grade 1-6 (a number)' })
  informationCredibility: InformationCredibility;
}

export class DistributionDto implements Distribution {
  @ApiProperty({ ...API_ENUMS.distributionLevel, description: 'Who receives the report; named_members needs members' })
  @IsIn(DISTRIBUTION_LEVELS)
  // Checked on `level` because class-validator skips every rule of an absent optional property such as members.
  @CrossFieldRule<DistributionDto>('namedMembersListed', (value, d) =>
    value !== 'named_members' || (Array.isArray(d.members) && d.members.length > 0)
      ? true
      : 'level named_members requires at least one Member in members',
  )
  level: DistributionLevel;

  @ApiPropertyOptional({
    ...API_ENUMS.member,
    isArray: true,
    uniqueItems: true,
    maxItems: REPORT_LIMITS.members,
    description: 'Recipient Members; only with level named_members',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REPORT_LIMITS.members)
  @ArrayUnique()
  @IsMemberCode({ each: true })
  @CrossFieldRule<DistributionDto>('membersOnlyWhenNamed', (_value, d) =>
    d.level === 'named_members' ? true : `members may only be given with level named_members (level is ${d.level})`,
  )
  members?: string[];
}
