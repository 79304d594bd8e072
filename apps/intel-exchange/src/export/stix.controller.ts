import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import type { StixBundle } from '../stix/report-stix';
import { StixExportService, StixImportResult } from './stix-export.service';

@ApiTags('stix')
@Controller()
export class StixController {
  constructor(private readonly stix: StixExportService) {}

  @Get('reports/:id/stix')
  @ApiOperation({ summary: 'The report as a STIX 2.1 bundle (TLP RED and AMBER+STRICT: originator only)' })
  report(@CurrentPrincipal() caller: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<StixBundle> {
    return this.stix.exportReport(caller, id);
  }

  @Get('operations/:id/stix')
  @ApiOperation({ summary: 'The operation as a STIX grouping of the reports the caller may export' })
  operation(@CurrentPrincipal() caller: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<StixBundle> {
    return this.stix.exportOperation(caller, id);
  }

  @Post('stix/import')
  @HttpCode(200)
  @Roles('member-analyst')
  @ApiQuery({ name: 'reportId', required: false, description: 'STIX id of the report to import when the bundle holds several' })
  @ApiOperation({ summary: 'Turn a STIX bundle into a report draft (nothing is stored)' })
  import(@Body() bundle: Record<string, unknown>, @Query('reportId') reportId?: string): StixImportResult {
    return this.stix.importDraft(bundle, reportId);
  }
}
