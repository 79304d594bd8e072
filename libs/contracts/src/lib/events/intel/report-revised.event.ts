import { ArrayMaxSize, IsArray, IsEnum, IsInt, IsISO8601, IsOptional, IsUUID, Matches, Min } from 'class-validator';
import { Topics } from '../../topics/topic-registry';
import { CommodityCategory, DistributionLevel, MEMBER_CODE_PATTERN, ReportType, Tlp } from './intel.enums';

/** A new version of a report; carries the classification after the revision, never its content. */
export class ReportRevisedEvent {
  static readonly type = 'org.wcoomd.intel.report.revised.v1';
  static readonly topic = Topics.IntelReport;

  @IsUUID()
  reportId: string;

  @IsInt()
  @Min(2)
  version: number;

  @Matches(MEMBER_CODE_PATTERN, { message: 'originatorMember must be a Member code such as FR' })
  originatorMember: string;

  @IsOptional()
  @IsUUID()
  operationId?: string;

  @IsEnum(ReportType)
  reportType: ReportType;

  /** The main (first) commodity of the report. */
  @IsEnum(CommodityCategory)
  commodityCategory: CommodityCategory;

  /** Every commodity group the report's goods fall in. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsEnum(CommodityCategory, { each: true })
  commodityCategories?: CommodityCategory[];

  @IsEnum(Tlp)
  tlp: Tlp;

  @IsEnum(DistributionLevel)
  distributionLevel: DistributionLevel;

  @IsISO8601({ strict: true })
  revisedAt: string;
}
