import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { AUDIT_OWNER_PATTERN, AUDIT_RATINGS } from '@wco/contracts';
import type { AuditRating } from '@wco/contracts';
import { DecimalInt, PageQueryDto, Trim } from '@wco/http';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import { ENGAGEMENT_STATES, PLAN_STATES, RECOMMENDATION_STATES } from '../audit-workflow';
import type { EngagementState, PlanState, RecommendationState } from '../audit-workflow';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_DOC = { format: 'date', pattern: DATE.source, example: '2027-03-31' } as const;
const OWNER_DOC = {
  pattern: AUDIT_OWNER_PATTERN.source,
  example: 'ORG2/FIN',
  description: 'A Secretariat unit code or a person id the organisation publishes (never a name or an e-mail address)',
} as const;

/** A YYYY-MM-DD calendar date between 2000 and 2200 (what PostgreSQL's date takes and a plan can mean). */
function IsPlanDate(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    const name = String(propertyName);
    Matches(DATE, { message: `${name} must be a date YYYY-MM-DD` })(target, propertyName);
    IsISO8601({ strict: true }, { message: `${name} must be a calendar date` })(target, propertyName);
    registerDecorator({
      name: 'planDateRange',
      target: target.constructor,
      propertyName: name,
      options: { message: `${name} must be between 2000-01-01 and 2200-12-31` },
      validator: { validate: (v: unknown) => typeof v !== 'string' || !DATE.test(v) || (v >= '2000-01-01' && v <= '2200-12-31') },
    });
  };
}

/** The date property is not before the date in `other` (malformed dates are reported by their own rules). */
function NotBefore(other: string): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'notBefore',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must not be before ${other}` },
      validator: {
        validate: (value: unknown, args) => {
          const start = (args?.object as Record<string, unknown>)[other];
          return typeof value !== 'string' || typeof start !== 'string' || !DATE.test(value) || !DATE.test(start) || value >= start;
        },
      },
    });
}

function Text(max: number, min = 1): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    ApiProperty({ minLength: min, maxLength: max, description: 'Trimmed' })(target, key);
    IsString()(target, key);
    Trim()(target, key);
    MinLength(min)(target, key);
    MaxLength(max)(target, key);
  };
}

/** A client-supplied id: the same id and body again is a retry (200 with what it created), another body is 409. */
function ClientId(what: string): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    ApiProperty({
      format: 'uuid',
      description: `Client-supplied id of the ${what}: a retry with the same id and body returns the same ${what}`,
    })(target, key);
    IsUUID()(target, key);
  };
}

/** `?fiscalYear=` of a list. */
function YearFilter(): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    ApiPropertyOptional({ type: 'integer', minimum: 2000, maximum: 2200 })(target, key);
    IsOptional()(target, key);
    DecimalInt()(target, key);
    IsInt()(target, key);
    Min(2000)(target, key);
    Max(2200)(target, key);
  };
}

export class CreateAuditPlanDto {
  @ClientId('plan')
  id: string;

  @ApiProperty({ minimum: 2000, maximum: 2200, example: 2027 })
  @IsInt()
  @Min(2000)
  @Max(2200)
  fiscalYear: number;

  @Text(200)
  title: string;
}

export class CreateEngagementDto {
  @ClientId('engagement')
  id: string;

  @Text(200)
  title: string;

  @Text(4000)
  scope: string;

  @ApiProperty({ ...OWNER_DOC, example: 'IAO-07', description: 'Id of the lead auditor (a published staff or firm id, not a name)' })
  @Matches(AUDIT_OWNER_PATTERN, { message: 'leadAuditor must be a published id such as IAO-07' })
  leadAuditor: string;

  @ApiProperty(DATE_DOC)
  @IsPlanDate()
  plannedStart: string;

  @ApiProperty({ ...DATE_DOC, example: '2027-05-31' })
  @IsPlanDate()
  @NotBefore('plannedStart')
  plannedEnd: string;
}

export class NewRecommendationDto {
  @ClientId('recommendation')
  id: string;

  @Text(4000)
  text: string;

  @ApiProperty({ enum: AUDIT_RATINGS })
  @IsIn(AUDIT_RATINGS)
  priority: AuditRating;

  @ApiProperty(OWNER_DOC)
  @Matches(AUDIT_OWNER_PATTERN, { message: 'owner must be a unit code such as ORG2/FIN or a published person id' })
  owner: string;

  @ApiProperty(DATE_DOC)
  @IsPlanDate()
  dueDate: string;
}

export class CreateFindingDto {
  @ClientId('finding')
  id: string;

  @Text(200)
  title: string;

  @Text(8000)
  description: string;

  @ApiProperty({ enum: AUDIT_RATINGS })
  @IsIn(AUDIT_RATINGS)
  severity: AuditRating;

  @ApiProperty({ type: [NewRecommendationDto], minItems: 1, maxItems: 20 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique((r: { id?: unknown }) => r?.id, { message: 'recommendations must have distinct ids' })
  @ValidateNested({ each: true })
  @Type(() => NewRecommendationDto)
  recommendations: NewRecommendationDto[];
}

export class AddRecommendationsDto {
  @ApiProperty({ type: [NewRecommendationDto], minItems: 1, maxItems: 20 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique((r: { id?: unknown }) => r?.id, { message: 'recommendations must have distinct ids' })
  @ValidateNested({ each: true })
  @Type(() => NewRecommendationDto)
  recommendations: NewRecommendationDto[];
}

class TransitionReasonDto {
  @ApiPropertyOptional({
    maxLength: 4000,
    description: 'Why (who and when come from the token). Required where the workflow says so, e.g. risk acceptance. Trimmed',
  })
  @IsOptional()
  @IsString()
  @Trim()
  @MaxLength(4000)
  reason?: string;
}

export class PlanTransitionDto extends TransitionReasonDto {
  @ApiProperty({ enum: ['submitted', 'agreed', 'draft'], description: 'draft: the Audit Committee returns a submitted plan' })
  @IsIn(['submitted', 'agreed', 'draft'])
  to: PlanState;
}

export class EngagementTransitionDto extends TransitionReasonDto {
  @ApiProperty({ enum: ENGAGEMENT_STATES })
  @IsIn(ENGAGEMENT_STATES)
  to: EngagementState;
}

export class RecommendationTransitionDto extends TransitionReasonDto {
  @ApiProperty({ enum: RECOMMENDATION_STATES, description: 'risk_accepted needs `reason`: the justification' })
  @IsIn(RECOMMENDATION_STATES)
  to: RecommendationState;
}

export class ActionPlanDto {
  @Text(4000)
  actions: string;

  @ApiProperty(DATE_DOC)
  @IsPlanDate()
  targetDate: string;
}

export class DueDateDto {
  @ApiProperty(DATE_DOC)
  @IsPlanDate()
  dueDate: string;

  @Text(4000)
  reason: string;
}

export class AuditPlanQueryDto extends PageQueryDto {
  @YearFilter()
  fiscalYear?: number;

  @ApiPropertyOptional({ enum: PLAN_STATES })
  @IsOptional()
  @IsIn(PLAN_STATES)
  status?: PlanState;
}

export class EngagementQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  planId?: string;

  @YearFilter()
  fiscalYear?: number;

  @ApiPropertyOptional({ enum: ENGAGEMENT_STATES })
  @IsOptional()
  @IsIn(ENGAGEMENT_STATES)
  status?: EngagementState;
}

export class FindingQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  engagementId?: string;

  @ApiPropertyOptional({ enum: AUDIT_RATINGS })
  @IsOptional()
  @IsIn(AUDIT_RATINGS)
  severity?: AuditRating;
}

export class RecommendationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: RECOMMENDATION_STATES })
  @IsOptional()
  @IsIn(RECOMMENDATION_STATES)
  status?: RecommendationState;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: open or in progress with the due date passed (UTC)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ enum: AUDIT_RATINGS, description: "The finding's severity" })
  @IsOptional()
  @IsIn(AUDIT_RATINGS)
  severity?: AuditRating;

  @ApiPropertyOptional({ enum: AUDIT_RATINGS })
  @IsOptional()
  @IsIn(AUDIT_RATINGS)
  priority?: AuditRating;

  @ApiPropertyOptional(OWNER_DOC)
  @IsOptional()
  @Matches(AUDIT_OWNER_PATTERN, { message: 'owner must be a unit code such as ORG2/FIN or a published person id' })
  owner?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  engagementId?: string;
}

@ApiSchema({ name: 'AuditHistoryEntry' })
export class HistoryView {
  @ApiProperty({ enum: ['created', 'status', 'due_date', 'action_plan', 'overdue'] })
  change: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  from: string | null;
  @ApiProperty()
  to: string;
  @ApiProperty({ description: 'The token subject of who made the change (`system:overdue-job` for the follow-up job)' })
  by: string;
  @ApiProperty({ format: 'date-time' })
  at: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  reason: string | null;
}

@ApiSchema({ name: 'AuditPlan' })
export class AuditPlanView {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  fiscalYear: number;
  @ApiProperty({ minimum: 1, description: 'Numbered per year; a later agreed version supersedes the one in force' })
  version: number;
  @ApiProperty()
  title: string;
  @ApiProperty({ enum: PLAN_STATES })
  status: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  agreedBy: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' })
  agreedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' })
  supersededBy: string | null;
  @ApiProperty({ description: 'Engagements of this version' })
  engagementCount: number;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiPropertyOptional({ type: [HistoryView], description: 'On GET /audit-plans/{id} only' })
  history?: HistoryView[];
}

@ApiSchema({ name: 'AuditPlanPage' })
export class AuditPlanPageView {
  @ApiProperty({ type: [AuditPlanView] })
  items: AuditPlanView[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

@ApiSchema({ name: 'AuditEngagement' })
export class EngagementView {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' })
  planId: string;
  @ApiProperty()
  fiscalYear: number;
  @ApiProperty()
  title: string;
  @ApiProperty()
  scope: string;
  @ApiProperty()
  leadAuditor: string;
  @ApiProperty({ format: 'date' })
  plannedStart: string;
  @ApiProperty({ format: 'date' })
  plannedEnd: string;
  @ApiProperty({ enum: ENGAGEMENT_STATES })
  status: string;
  @ApiProperty({ enum: ENGAGEMENT_STATES, isArray: true, description: 'The moves the workflow has from here' })
  allowedTransitions: string[];
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiPropertyOptional({ type: [HistoryView], description: 'On GET /audit-engagements/{id} only: every move with its date' })
  history?: HistoryView[];
}

@ApiSchema({ name: 'AuditEngagementPage' })
export class EngagementPageView {
  @ApiProperty({ type: [EngagementView] })
  items: EngagementView[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

@ApiSchema({ name: 'AuditActionPlan' })
export class ActionPlanView {
  @ApiProperty({ minimum: 1 })
  version: number;
  @ApiProperty()
  actions: string;
  @ApiProperty({ format: 'date' })
  targetDate: string;
  @ApiProperty()
  submittedBy: string;
  @ApiProperty({ format: 'date-time' })
  submittedAt: string;
}

@ApiSchema({ name: 'AuditRecommendation' })
export class RecommendationView {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' })
  findingId: string;
  @ApiProperty({ format: 'uuid' })
  engagementId: string;
  @ApiProperty()
  text: string;
  @ApiProperty({ enum: AUDIT_RATINGS })
  priority: string;
  @ApiProperty({ enum: AUDIT_RATINGS, description: "The finding's severity" })
  severity: string;
  @ApiProperty()
  owner: string;
  @ApiProperty({ format: 'date' })
  dueDate: string;
  @ApiProperty({ enum: RECOMMENDATION_STATES })
  status: string;
  @ApiProperty({ description: 'Open or in progress and past its due date (UTC)' })
  overdue: boolean;
  @ApiProperty({ description: 'Overdue episodes the follow-up job has reported' })
  overdueEpisodes: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The justification, when the risk was accepted' })
  riskAcceptance: string | null;
  @ApiProperty({ enum: RECOMMENDATION_STATES, isArray: true })
  allowedTransitions: string[];
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiPropertyOptional({ type: ActionPlanView, description: "Management's latest action plan (absent until management answers)" })
  actionPlan?: ActionPlanView;
  @ApiPropertyOptional({ type: [ActionPlanView], description: 'On GET /audit-recommendations/{id} only: every version' })
  actionPlans?: ActionPlanView[];
  @ApiPropertyOptional({ type: [HistoryView], description: 'On GET /audit-recommendations/{id} only' })
  history?: HistoryView[];
}

@ApiSchema({ name: 'AuditRecommendationPage' })
export class RecommendationPageView {
  @ApiProperty({ type: [RecommendationView] })
  items: RecommendationView[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

@ApiSchema({ name: 'AuditFinding' })
export class FindingView {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' })
  engagementId: string;
  @ApiProperty()
  title: string;
  @ApiProperty()
  description: string;
  @ApiProperty({ enum: AUDIT_RATINGS })
  severity: string;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiProperty({ type: [RecommendationView] })
  recommendations: RecommendationView[];
}

@ApiSchema({ name: 'AuditFindingPage' })
export class FindingPageView {
  @ApiProperty({ type: [FindingView] })
  items: FindingView[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
