import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CheckResult } from './readiness';

// Response shapes of the health routes, for the OpenAPI document.

export class LivenessView {
  @ApiProperty({ enum: ['live'] })
  status: 'live';
}

export class CheckResultView implements CheckResult {
  @ApiProperty({ example: 'database' })
  name: string;

  @ApiProperty({ enum: ['up', 'down'] })
  status: 'up' | 'down';

  @ApiProperty({ type: 'integer', minimum: 0, example: 3 })
  durationMs: number;

  @ApiPropertyOptional({ description: 'Why the check failed (only when down)', example: 'connect ECONNREFUSED 127.0.0.1:5432' })
  reason?: string;
}

export class ReadinessView {
  @ApiProperty({ enum: ['ready'] })
  status: 'ready';

  @ApiProperty({ type: () => CheckResultView, isArray: true })
  checks: CheckResultView[];
}
