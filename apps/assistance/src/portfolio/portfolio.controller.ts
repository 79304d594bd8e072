import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ApiProblems } from '@wco/http';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { MISSION_PORTFOLIO_COLUMNS, PortfolioService, REQUEST_PORTFOLIO_COLUMNS, toCsv } from './portfolio.service';
import type { MissionPortfolioRow, RequestPortfolioRow } from './portfolio.service';

export class PortfolioFormatDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'Default: CSV when `Accept` asks for text/csv, else JSON' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class RequestPortfolioQueryDto extends PortfolioFormatDto {
  @ApiPropertyOptional({ enum: ['region', 'member'], default: 'region', description: 'member: one row per Member within its region' })
  @IsOptional()
  @IsIn(['region', 'member'])
  by?: 'region' | 'member';
}

const ACCEPT_HEADER = { name: 'Accept', required: false, description: '`text/csv` for CSV (or `format=csv`)' };

/** `format` wins; without it, CSV when the client's Accept names text/csv. */
function wantsCsv(format: 'json' | 'csv' | undefined, accept: string | undefined): boolean {
  return format ? format === 'csv' : /(^|[,\s])text\/csv(\s*[;,]|$)/i.test(accept ?? '');
}

@ApiTags('portfolio')
@Controller('portfolio')
export class PortfolioController {
  constructor(private readonly portfolio: PortfolioService) {}

  @Get('requests')
  @Roles('assistance-coordinator')
  @ApiOperation({
    summary: 'Requests by WCO region (or Member), thematic area and state, with their age in buckets, mean and oldest in days',
    description: 'Regions from the vendored WCO region table (ISO 3166-1 codes); a Member code not in it counts as `unassigned`.',
  })
  @ApiHeader(ACCEPT_HEADER)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description:
      'Rows: region, regionName, [member], thematicArea, state, requests, age0to30, age31to90, age91to180, age181to365, ageOver365, meanAgeDays, oldestAgeDays',
  })
  @ApiProblems({ 403: ['forbidden'] })
  async requests(
    @CurrentPrincipal() caller: Principal,
    @Query() q: RequestPortfolioQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RequestPortfolioRow[] | string> {
    const by = q.by ?? 'region';
    const rows = await this.portfolio.requests(caller, by);
    if (!wantsCsv(q.format, accept)) return rows;
    void reply.header('content-type', 'text/csv; charset=utf-8');
    return toCsv(rows, REQUEST_PORTFOLIO_COLUMNS(by));
  }

  @Get('missions')
  @Roles('assistance-coordinator')
  @ApiOperation({
    summary: 'Missions by month of their start and WCO region, with spending (actual) against estimates, EUR cents',
  })
  @ApiHeader(ACCEPT_HEADER)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'Rows: month, region, missions, delivered, cancelled, estimateCents, deliveredEstimateCents, actualCents, varianceCents',
  })
  @ApiProblems({ 403: ['forbidden'] })
  async missions(
    @CurrentPrincipal() caller: Principal,
    @Query() q: PortfolioFormatDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MissionPortfolioRow[] | string> {
    const rows = await this.portfolio.missions(caller);
    if (!wantsCsv(q.format, accept)) return rows;
    void reply.header('content-type', 'text/csv; charset=utf-8');
    return toCsv(rows, MISSION_PORTFOLIO_COLUMNS);
  }
}
