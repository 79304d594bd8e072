import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsUUID, Matches } from 'class-validator';
import { CommodityCategory, DistributionLevel, MEMBER_CODE_PATTERN, ReportType, Tlp } from './intel.enums';

/**
 * What report events share: which report changed, never its content, personal data or free text.
 *
 * The classification fields below (originator, operation, type, commodities, TLP, distribution) are no longer sent
 * by intel-exchange: they told any client of the broker who holds a RED or originator-only report, in which
 * operation and on what, and no consumer needs them (see the event table in libs/contracts/README.md). They stay
 * optional in v1 so that an old payload still validates; a consumer that needs a report reads it through the API,
 * under its own rights.
 */
export abstract class ReportClassificationFacts {
  @IsUUID()
  reportId: string;

  /** Not sent (see above). */
  @IsOptional()
  @Matches(MEMBER_CODE_PATTERN, { message: 'originatorMember must be a Member code such as FR' })
  originatorMember?: string;

  /** Not sent (see above). */
  @IsOptional()
  @IsUUID()
  operationId?: string;

  /** Not sent (see above). */
  @IsOptional()
  @IsEnum(ReportType)
  reportType?: ReportType;

  /** Not sent (see above). The main (first) commodity of the report. */
  @IsOptional()
  @IsEnum(CommodityCategory)
  commodityCategory?: CommodityCategory;

  /** Not sent (see above). Every commodity group the report's goods fall in. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsEnum(CommodityCategory, { each: true })
  commodityCategories?: CommodityCategory[];

  /** Not sent (see above). */
  @IsOptional()
  @IsEnum(Tlp)
  tlp?: Tlp;

  /** Not sent (see above). */
  @IsOptional()
  @IsEnum(DistributionLevel)
  distributionLevel?: DistributionLevel;
}
