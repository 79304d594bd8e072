import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CONCEALMENT_METHODS, ConcealmentMethod, DETECTION_METHODS, DetectionMethod } from '../../domain/code-lists';
import { CodedMethod } from '../../domain/report.types';
import { REPORT_LIMITS } from './report-limits';

export class ConcealmentDto implements CodedMethod<ConcealmentMethod> {
  @IsIn(CONCEALMENT_METHODS)
  code: ConcealmentMethod;

  @IsOptional()
  @IsString()
  @MaxLength(REPORT_LIMITS.longText)
  details?: string;
}

export class DetectionDto implements CodedMethod<DetectionMethod> {
  @IsIn(DETECTION_METHODS)
  code: DetectionMethod;

  @IsOptional()
  @IsString()
  @MaxLength(REPORT_LIMITS.longText)
  details?: string;
}
