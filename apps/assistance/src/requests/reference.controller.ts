import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiRoles } from '@wco/http';
import { LANGUAGES, NEED_SOURCES, PRIORITIES, REQUEST_KINDS, THEMATIC_AREAS } from '../domain/assistance.codes';
import { TRANSITIONS } from './request-workflow';

@ApiTags('reference')
@Controller('reference')
export class ReferenceController {
  @Get()
  @ApiOperation({
    summary: 'The controlled vocabularies (kinds, SP7/SP8 thematic areas, languages, priorities, need sources) and the workflow',
  })
  @ApiRoles(['any authenticated caller'])
  @ApiOkResponse({ description: 'Code lists and the workflow transitions' })
  get(): Record<string, unknown> {
    return {
      kinds: REQUEST_KINDS,
      thematicAreas: THEMATIC_AREAS,
      languages: LANGUAGES,
      priorities: PRIORITIES,
      needSources: NEED_SOURCES,
      transitions: TRANSITIONS,
    };
  }
}
