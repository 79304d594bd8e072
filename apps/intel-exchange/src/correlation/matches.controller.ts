import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@wco/auth';
import { CurrentCaller, Principal } from '../platform/principal';
import { PageQueryDto } from '../reports/dto/list-reports.query';
import { MatchesService, MatchView, UbiquitousIndicatorView } from './matches.service';

@ApiTags('matches')
@Controller()
export class MatchesController {
  constructor(private readonly matches: MatchesService) {}

  @Get('matches')
  @ApiOperation({ summary: "Matches between the caller Member's reports and others it may know of" })
  list(@CurrentCaller() caller: Principal, @Query() page: PageQueryDto): Promise<{ items: MatchView[]; nextCursor: string | null }> {
    return this.matches.listForMember(caller, page.cursor, page.limit);
  }

  @Get('indicators/ubiquitous')
  @Roles('member-analyst', 'operation-coordinator', 'admin')
  @ApiOperation({
    summary: 'Indicator values carried by too many reports to match on (correlation stops on them); a value is listed only to a caller who may see a report that carries it',
  })
  async ubiquitous(@CurrentCaller() caller: Principal, @Query() page: PageQueryDto): Promise<{ items: UbiquitousIndicatorView[] }> {
    return { items: await this.matches.ubiquitous(caller, page.limit) };
  }
}
