import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsUUID, Matches } from 'class-validator';
import { CommodityCategory, DistributionLevel, MEMBER_CODE_PATTERN, ReportType, Tlp } from './intel.enums';

/** What report events share: the classification of one version, never its content, personal data or free text. */
export abstract class ReportClassificationFacts {
  @IsUUID()
  reportId: string;

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
}
