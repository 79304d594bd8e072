import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ApiProblems } from '@wco/http';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { PortfolioService, toCsv } from './portfolio.service';
import type { MissionPortfolioRow, RequestPortfolioRow } from './portfolio.service';

export class PortfolioFormatDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

@ApiTags('portfolio')
@Controller('portfolio')
export class PortfolioController {
  constructor(private readonly portfolio: PortfolioService) {}

  @Get('requests')
  @Roles('assistance-coordinator')
  @ApiOperation({ summary: 'Requests by Member, thematic area and state, with their mean and oldest age in days' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'Rows: member, thematicArea, state, requests, meanAgeDays, oldestAgeDays' })
  @ApiProblems({ 403: ['forbidden'] })
  async requests(
    @CurrentPrincipal() caller: Principal,
    @Query() q: PortfolioFormatDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RequestPortfolioRow[] | string> {
    const rows = await this.portfolio.requests(caller);
    if (q.format !== 'csv') return rows;
    void reply.header('content-type', 'text/csv; charset=utf-8');
    return toCsv(rows, ['member', 'thematicArea', 'state', 'requests', 'meanAgeDays', 'oldestAgeDays']);
  }

  @Get('missions')
  @Roles('assistance-coordinator')
  @ApiOperation({ summary: 'Missions by month of their start, with spending (actual) against estimates, EUR cents' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'Rows: month, missions, delivered, cancelled, estimateCents, actualCents' })
  @ApiProblems({ 403: ['forbidden'] })
  async missions(
    @CurrentPrincipal() caller: Principal,
    @Query() q: PortfolioFormatDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MissionPortfolioRow[] | string> {
    const rows = await this.portfolio.missions(caller);
    if (q.format !== 'csv') return rows;
    void reply.header('content-type', 'text/csv; charset=utf-8');
    return toCsv(rows, ['month', 'missions', 'delivered', 'cancelled', 'estimateCents', 'actualCents']);
  }
}
