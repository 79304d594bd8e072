import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, PickType } from '@nestjs/swagger';
import { ApiProblems, ApiRoles, ApiUuidParam, ParseUuidPipe } from '@wco/http';
import { MatchPageSchema, MatchViewSchema, UbiquitousIndicatorListSchema } from './matches.responses';
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

  @Get('matches/:id')
  @ApiUuidParam('id', 'The match')
  @ApiOperation({
    summary: "One match of the caller Member's reports",
    description:
      'As in the list: the other report is named only while the Member may see it. A match of other Members is the same 404 as an id that does not exist.',
  })
  @ApiRoles(['member-analyst'], { note: 'Other roles get 404.' })
  @ApiOkResponse({ type: MatchViewSchema, description: 'The match' })
  @ApiProblems({ 404: ['match_not_found'] })
  get(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<MatchView> {
    return this.matches.getForMember(caller, id);
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
