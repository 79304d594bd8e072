import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiRoles, ApiUuidParam, ParseUuidPipe } from '@wco/http';
import { StixBundleSchema, StixImportResultSchema } from './stix.responses';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import type { StixBundle } from './report-stix';
import { StixImportResult } from './stix-import';
import { StixService } from './stix.service';

@ApiTags('stix')
@Controller()
export class StixController {
  constructor(private readonly stix: StixService) {}

  @Get('reports/:id/stix')
  @ApiOperation({
    summary: 'The report as a STIX 2.1 bundle (TLP RED and AMBER+STRICT: originator only)',
    description: 'Recorded as read (access receipt, export).',
  })
  @ApiRoles(['member-analyst', 'operation-coordinator'], {
    note: 'Any caller may ask; a member-analyst sees what its Member may see, an operation-coordinator the exchange of the operations it coordinates (distribution and TLP decide).',
  })
  @ApiUuidParam('id', 'The report')
  @ApiOkResponse({ type: StixBundleSchema, description: 'The bundle' })
  @ApiProblems({ 403: ['export_forbidden'], 404: ['report_not_found', 'report_purged'] })
  report(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<StixBundle> {
    return this.stix.exportReport(caller, id);
  }

  @Get('operations/:id/stix')
  @ApiOperation({
    summary: 'The operation as a STIX grouping of the reports the caller may export',
    description: 'Each exported report is recorded as read (access receipt, export).',
  })
  @ApiRoles(['member-analyst', 'operation-coordinator'], {
    note: 'Any caller whose organisation takes part in the operation or coordinates it; the grouping holds the reports it may export.',
  })
  @ApiUuidParam('id', 'The operation')
  @ApiOkResponse({ type: StixBundleSchema, description: 'The bundle' })
  @ApiProblems({ 404: ['operation_not_found'] })
  operation(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<StixBundle> {
    return this.stix.exportOperation(caller, id);
  }

  @Post('stix/import')
  @HttpCode(200)
  @Roles('member-analyst')
  @ApiQuery({ name: 'reportId', required: false, description: 'STIX id of the report to import when the bundle holds several' })
  @ApiOperation({
    summary: 'Turn a STIX bundle into a report draft (nothing is stored)',
    description:
      'Bundles exported by intel-exchange round-trip through the x-wco-customs extension. A bundle that is not valid STIX 2.1 is refused with ' +
      'stix_import_invalid and each schema error with its path in the bundle (e.g. objects.2.confidence); so is a bundle that holds no report, ' +
      'or several reports of which none was named.',
  })
  @ApiBody({
    description: 'A STIX 2.1 bundle',
    schema: {
      type: 'object',
      required: ['type', 'objects'],
      properties: {
        type: { type: 'string', enum: ['bundle'] },
        id: { type: 'string' },
        objects: { type: 'array', items: { type: 'object' } },
      },
    },
  })
  @ApiOkResponse({ type: StixImportResultSchema, description: 'The draft, with what is missing and the handling conflicts resolved' })
  @ApiProblems({ 400: ['stix_import_invalid'] })
  import(@Body() bundle: Record<string, unknown>, @Query('reportId') reportId?: string): StixImportResult {
    return this.stix.importDraft(bundle, reportId);
  }
}
