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

export class GradingDto implements Grading {
  @IsIn(SOURCE_RELIABILITY, { message: 'sourceReliability must be an Admiralty grade A-F' })
  sourceReliability: SourceReliability;

  @IsIn(INFORMATION_CREDIBILITY, { message: 'informationCredibility must be an Admiralty grade 1-6 (a number)' })
  informationCredibility: InformationCredibility;
}

export class DistributionDto implements Distribution {
  @IsIn(DISTRIBUTION_LEVELS)
  // Checked on `level` because class-validator skips every rule of an absent optional property such as members.
  @CrossFieldRule<DistributionDto>('namedMembersListed', (value, d) =>
    value !== 'named_members' || (Array.isArray(d.members) && d.members.length > 0)
      ? true
      : 'level named_members requires at least one Member in members',
  )
  level: DistributionLevel;

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
