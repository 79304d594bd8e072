import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, PickType } from '@nestjs/swagger';
import { ApiProblems, ApiRoles } from '@wco/http';
import { MatchPageSchema, UbiquitousIndicatorListSchema } from './matches.responses';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { PageQueryDto } from '../reports/dto/list-reports.query';
import { MatchesService, MatchView, UbiquitousIndicatorView } from './matches.service';

/** The ubiquitous list is not paginated (it is bounded by the threshold): only its size can be asked for. */
class UbiquitousQueryDto extends PickType(PageQueryDto, ['limit'] as const) {}

@ApiTags('matches')
@Controller()
export class MatchesController {
  constructor(private readonly matches: MatchesService) {}

  @Get('matches')
  @ApiOperation({
    summary: "Matches between the caller Member's reports and others it may know of",
    description: 'Newest first (cursor-paginated); the other report is named only while the Member may see it.',
  })
  @ApiRoles(['member-analyst'], { note: 'Other roles get an empty page.' })
  @ApiOkResponse({ type: MatchPageSchema, description: 'One page' })
  @ApiProblems({ 400: ['invalid_cursor'] })
  list(@CurrentPrincipal() caller: Principal, @Query() page: PageQueryDto): Promise<{ items: MatchView[]; nextCursor: string | null }> {
    return this.matches.listForMember(caller, page.cursor, page.limit);
  }

  @Get('indicators/ubiquitous')
  @Roles('member-analyst', 'operation-coordinator', 'admin')
  @ApiOperation({
    summary: 'Indicator values carried by too many reports to match on (correlation stops on them)',
    description:
      'Most widespread first. A value is listed only to a caller who may see a report that carries it, and reportCount counts only the reports the caller may see.',
  })
  @ApiOkResponse({ type: UbiquitousIndicatorListSchema, description: 'The values' })
  async ubiquitous(
    @CurrentPrincipal() caller: Principal,
    @Query() page: UbiquitousQueryDto,
  ): Promise<{ items: UbiquitousIndicatorView[] }> {
    return { items: await this.matches.ubiquitous(caller, page.limit) };
  }
}
