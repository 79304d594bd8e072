import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '@wco/auth';
import { CurrentCaller, Principal } from '../platform/principal';
import { StixImportResultView } from './dto/stix-import.view';
import type { StixBundle } from './report-stix';
import { StixImportResult } from './stix-import';
import { StixService } from './stix.service';

@ApiTags('stix')
@Controller()
export class StixController {
  constructor(private readonly stix: StixService) {}

  @Get('reports/:id/stix')
  @ApiOperation({ summary: 'The report as a STIX 2.1 bundle (TLP RED and AMBER+STRICT: originator only)' })
  report(@CurrentCaller() caller: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<StixBundle> {
    return this.stix.exportReport(caller, id);
  }

  @Get('operations/:id/stix')
  @ApiOperation({ summary: 'The operation as a STIX grouping of the reports the caller may export' })
  operation(@CurrentCaller() caller: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<StixBundle> {
    return this.stix.exportOperation(caller, id);
  }

  @Post('stix/import')
  @HttpCode(200)
  @Roles('member-analyst')
  @ApiQuery({ name: 'reportId', required: false, description: 'STIX id of the report to import when the bundle holds several' })
  @ApiOperation({ summary: 'Turn a STIX 2.1 bundle into a report draft (nothing is stored)' })
  @ApiOkResponse({ type: StixImportResultView })
  @ApiBadRequestResponse({
    description:
      'code stix_import_invalid: not valid STIX 2.1 (errors lists each schema error with its path in the bundle, e.g. ' +
      'objects.2.confidence), or the bundle holds no report / several reports and none was named',
  })
  import(@Body() bundle: Record<string, unknown>, @Query('reportId') reportId?: string): StixImportResult {
    return this.stix.importDraft(bundle, reportId);
  }
}
