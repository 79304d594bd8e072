import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsOptional,
  IsUUID,
  Matches,
  ValidateNested,
  validateSync,
} from 'class-validator';
import { REPORT_TYPES, ReportType, TLP_LEVELS, Tlp } from '../../domain/code-lists';
import { flattenValidationErrors } from '@wco/http';
import type { FieldError } from '@wco/http';
import { ConcealmentDto, DetectionDto } from './coded-method.dto';
import { ConveyanceDto } from './conveyance.dto';
import { CrossFieldRule } from './cross-field-rule';
import { GoodsItemDto } from './goods-item.dto';
import { DistributionDto, GradingDto } from './handling.dto';
import { CompanyDto, PersonProfileDto } from './party.dto';
import { PersonalDataDto } from './personal-data.dto';
import { REPORT_LIMITS } from './report-limits';
import { RouteDto } from './route.dto';
import { WhenWhereDto } from './when-where.dto';
import { Distribution, ReportSubmission } from '../../domain/report.types';
import { IsMemberCode } from '../../domain/validators';
import { API_ENUMS, DATE_PATTERN } from '../../common/api-properties';

/**
 * Which distributions a TLP 2.0 label allows. TLP says how far a recipient may pass the information on; the
 * distribution says who receives it here. The platform refuses combinations where the distribution already breaks
 * the label:
 * - RED ("for the eyes of the named recipients only"): the originator must name the recipient Members.
 * - AMBER+STRICT ("recipient organisation only, no onward sharing"): the originator must choose each recipient
 *   Member itself (named_members) or keep it (originator_only). operation_participants is refused because the
 *   coordinator can admit new participants later, which would be onward sharing the originator did not decide;
 *   all_members is refused as it is a broadcast. Export is likewise limited (see access-policy canExport).
 * - AMBER, GREEN, CLEAR: any distribution.
 */
export function distributionAllowedByTlp(tlp: Tlp, distribution: Pick<Distribution, 'level' | 'members'>): true | string {
  if (tlp === 'RED' && (distribution.level !== 'named_members' || !distribution.members?.length)) {
    return 'TLP:RED requires distribution level named_members with at least one Member';
  }
  if (tlp === 'AMBER+STRICT' && distribution.level !== 'named_members' && distribution.level !== 'originator_only') {
    return 'TLP:AMBER+STRICT allows only distribution levels named_members or originator_only (no onward sharing)';
  }
  return true;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function retentionRule(value: unknown): true | string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    return 'retentionUntil must be a date YYYY-MM-DD';
  }
  const until = Date.parse(`${value}T00:00:00Z`);
  const now = Date.now();
  if (until <= now) return 'retentionUntil must be in the future';
  const max = new Date(now);
  max.setUTCFullYear(max.getUTCFullYear() + REPORT_LIMITS.retentionYears);
  if (until > max.getTime() + DAY_MS) {
    return `retentionUntil must be at most ${REPORT_LIMITS.retentionYears} years ahead`;
  }
  return true;
}

export class ReportSubmissionDto implements ReportSubmission {
  @ApiProperty({ ...API_ENUMS.reportType })
  @IsIn(REPORT_TYPES)
  type: ReportType;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "The active joint operation the report belongs to; the caller's Member must take part in it, and the report must fill its template",
  })
  @IsOptional()
  @IsUUID()
  operationId?: string;

  @ApiProperty({ type: () => WhenWhereDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => WhenWhereDto)
  whenWhere: WhenWhereDto;

  @ApiProperty({ type: () => GoodsItemDto, isArray: true, minItems: 1, maxItems: REPORT_LIMITS.goodsItems })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(REPORT_LIMITS.goodsItems)
  @ValidateNested({ each: true })
  @Type(() => GoodsItemDto)
  goods: GoodsItemDto[];

  @ApiPropertyOptional({ type: () => ConcealmentDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConcealmentDto)
  concealment?: ConcealmentDto;

  @ApiPropertyOptional({ type: () => DetectionDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DetectionDto)
  detection?: DetectionDto;

  @ApiPropertyOptional({ type: () => ConveyanceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConveyanceDto)
  conveyance?: ConveyanceDto;

  @ApiPropertyOptional({ type: () => RouteDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RouteDto)
  route?: RouteDto;

  @ApiPropertyOptional({ type: () => CompanyDto, isArray: true, maxItems: REPORT_LIMITS.companies })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REPORT_LIMITS.companies)
  @ValidateNested({ each: true })
  @Type(() => CompanyDto)
  companies?: CompanyDto[];

  @ApiPropertyOptional({
    type: () => PersonProfileDto,
    isArray: true,
    maxItems: REPORT_LIMITS.persons,
    description: 'People described without anything that identifies them (names and documents go to personalData)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REPORT_LIMITS.persons)
  @ValidateNested({ each: true })
  @Type(() => PersonProfileDto)
  persons?: PersonProfileDto[];

  @ApiPropertyOptional({
    type: () => PersonalDataDto,
    description:
      'Names, dates of birth, identity documents: stored apart and shown only to the originator and the Members in personalDataReleasedTo; each personIndex refers to an entry of persons',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonalDataDto)
  @CrossFieldRule<ReportSubmissionDto>('personIndexInRange', (value, report) => {
    const entries = (value as Partial<PersonalDataDto> | undefined)?.persons;
    if (!Array.isArray(entries)) return true;
    const count = Array.isArray(report.persons) ? report.persons.length : 0;
    const bad = entries.findIndex((e) => typeof e?.personIndex === 'number' && e.personIndex >= count);
    return bad < 0 ? true : `persons.${bad}.personIndex must refer to one of the ${count} entries of persons`;
  })
  personalData?: PersonalDataDto;

  @ApiPropertyOptional({
    ...API_ENUMS.member,
    isArray: true,
    uniqueItems: true,
    maxItems: REPORT_LIMITS.members,
    description:
      'Members that may see personalData (needs a personalData section; empty with originator_only; with named_members only Members in distribution.members)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REPORT_LIMITS.members)
  @ArrayUnique()
  @IsMemberCode({ each: true })
  @CrossFieldRule<ReportSubmissionDto>('releaseFitsDistribution', (value, report) => {
    if (!Array.isArray(value) || value.length === 0) return true;
    if (!report.personalData) return 'personalDataReleasedTo requires a personalData section';
    const d = report.distribution;
    if (d?.level === 'originator_only') return 'personalDataReleasedTo must be empty when distribution is originator_only';
    if (d?.level === 'named_members' && Array.isArray(d.members)) {
      const outside = value.filter((m) => !d.members?.includes(m as string));
      if (outside.length) {
        return `personalDataReleasedTo may only name Members in distribution.members (not: ${outside.join(', ')})`;
      }
    }
    return true;
  })
  personalDataReleasedTo?: string[];

  @ApiProperty({ type: () => GradingDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => GradingDto)
  grading: GradingDto;

  @ApiProperty({
    ...API_ENUMS.tlp,
    description:
      'TLP 2.0 label: RED needs named_members with at least one Member; AMBER+STRICT allows only named_members or originator_only',
  })
  @IsIn(TLP_LEVELS)
  tlp: Tlp;

  @ApiProperty({ type: () => DistributionDto, description: 'operation_participants needs operationId; see tlp for what each label allows' })
  @IsDefined()
  @ValidateNested()
  @Type(() => DistributionDto)
  @CrossFieldRule<ReportSubmissionDto>('tlpAllowsDistribution', (value, report) => {
    const d = value as Partial<DistributionDto> | undefined;
    if (!d || typeof d.level !== 'string' || !TLP_LEVELS.includes(report.tlp as Tlp)) return true;
    return distributionAllowedByTlp(report.tlp as Tlp, { level: d.level, members: d.members });
  })
  @CrossFieldRule<ReportSubmissionDto>('operationForParticipants', (value, report) =>
    (value as Partial<DistributionDto> | undefined)?.level !== 'operation_participants' || report.operationId
      ? true
      : 'distribution level operation_participants requires operationId',
  )
  distribution: DistributionDto;

  @ApiProperty({
    format: 'date',
    pattern: DATE_PATTERN,
    example: '2031-12-31',
    description: `YYYY-MM-DD, in the future and at most ${REPORT_LIMITS.retentionYears} years ahead; the report is purged after it`,
  })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'retentionUntil must be a date YYYY-MM-DD' })
  @CrossFieldRule<ReportSubmissionDto>('retentionWindow', retentionRule)
  retentionUntil: string;
}

/** Dotted path into the submitted JSON (e.g. `conveyance.containers.0.number`, empty for the body itself) and why. */
export type { FieldError };

export type ReportValidationResult = { ok: true; value: ReportSubmissionDto } | { ok: false; errors: FieldError[] };

/**
 * Validates a submission as received (parsed JSON). Unknown properties are errors, not silently dropped, so that a
 * client misspelling `personalData` learns it instead of leaking names into a shared field.
 */
export function validateReport(plain: unknown): ReportValidationResult {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { ok: false, errors: [{ field: '', reason: 'report must be a JSON object' }] };
  }
  const dto = plainToInstance(ReportSubmissionDto, plain);
  const errors = validateSync(dto, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  if (errors.length === 0) return { ok: true, value: dto };
  return { ok: false, errors: flattenValidationErrors(errors) };
}
