import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../openapi/openapi.decorators';
import { LivenessView, ReadinessView } from './health.views';
import { ServiceUnavailableError } from '../errors/domain.errors';
import { Public } from '../public.decorator';
import { CheckResult, ReadinessRegistry } from './readiness';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessRegistry) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: 200 while the process runs', description: "For the orchestrator's liveness probe." })
  @ApiOkResponse({ type: LivenessView, description: 'The process runs' })
  live(): { status: 'live' } {
    return { status: 'live' };
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: 200 when every dependency answers, 503 naming those that do not',
    description: "For the orchestrator's readiness probe; the 503 problem lists every check in `checks`.",
  })
  @ApiOkResponse({ type: ReadinessView, description: 'Every dependency answers' })
  @ApiProblems({ 503: ['not_ready'] })
  async ready(): Promise<{ status: 'ready'; checks: CheckResult[] }> {
    const checks = await this.readiness.run();
    const down = checks.filter((c) => c.status === 'down');
    if (down.length > 0) {
      throw new ServiceUnavailableError(`not ready: ${down.map((c) => `${c.name} (${c.reason})`).join(', ')}`, {
        code: 'not_ready',
        extensions: { checks },
      });
    }
    return { status: 'ready', checks };
  }
}
