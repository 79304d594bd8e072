import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ServiceUnavailableError } from '../errors/domain.errors';
import { Public } from '../public.decorator';
import { CheckResult, ReadinessRegistry } from './readiness';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessRegistry) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: 200 while the process runs' })
  live(): { status: 'live' } {
    return { status: 'live' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: 200 when every dependency answers, 503 naming those that do not' })
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
