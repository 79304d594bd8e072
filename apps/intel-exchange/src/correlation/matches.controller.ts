import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { PageQueryDto } from '../reports/dto/list-reports.query';
import { MatchesService, MatchView, UbiquitousIndicatorView } from './matches.service';

@ApiTags('matches')
@Controller()
export class MatchesController {
  constructor(private readonly matches: MatchesService) {}

  @Get('matches')
  @ApiOperation({ summary: "Matches between the caller Member's reports and others it may know of" })
  list(@CurrentPrincipal() caller: Principal, @Query() page: PageQueryDto): Promise<{ items: MatchView[]; nextCursor: string | null }> {
    return this.matches.listForMember(caller, page.cursor, page.limit);
  }

  @Get('indicators/ubiquitous')
  @Roles('operation-coordinator', 'admin')
  @ApiOperation({ summary: 'Indicator values carried by too many reports to match on (correlation stops on them)' })
  async ubiquitous(@Query() page: PageQueryDto): Promise<{ items: UbiquitousIndicatorView[] }> {
    return { items: await this.matches.ubiquitous(page.limit) };
  }
}
