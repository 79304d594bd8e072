import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CONCEALMENT_METHODS, ConcealmentMethod, DETECTION_METHODS, DetectionMethod } from '../../domain/code-lists';
import { CodedMethod } from '../../domain/report.types';
import { REPORT_LIMITS } from './report-limits';
import { API_ENUMS } from '../../common/api-properties';

export class ConcealmentDto implements CodedMethod<ConcealmentMethod> {
  @ApiProperty({ ...API_ENUMS.concealment, description: 'How the goods were concealed' })
  @IsIn(CONCEALMENT_METHODS)
  code: ConcealmentMethod;

  @ApiPropertyOptional({ maxLength: REPORT_LIMITS.longText, description: 'Free text; never correlated' })
  @IsOptional()
  @IsString()
  @MaxLength(REPORT_LIMITS.longText)
  details?: string;
}

export class DetectionDto implements CodedMethod<DetectionMethod> {
  @ApiProperty({ ...API_ENUMS.detection, description: 'How the goods were detected' })
  @IsIn(DETECTION_METHODS)
  code: DetectionMethod;

  @ApiPropertyOptional({ maxLength: REPORT_LIMITS.longText, description: 'Free text; never correlated' })
  @IsOptional()
  @IsString()
  @MaxLength(REPORT_LIMITS.longText)
  details?: string;
}
