import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiRoles, ApiUuidParam, ParseUuidPipe } from '@wco/http';
import { FeedbackViewSchema } from './dto/feedback.responses';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { FeedbackView, RecordFeedbackDto } from './dto/feedback.dto';
import { FeedbackService } from './feedback.service';

@ApiTags('feedback')
@ApiUuidParam('id', 'The report')
@ApiProblems({ 404: ['report_not_found'] })
@Controller('reports/:id/feedback')
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Post()
  @Roles('member-analyst')
  @ApiOperation({
    summary: 'Record a sighting on a report or on one of its matches: seen, hit, seized, false_positive',
    description: 'Announced as feedback.recorded; the originating Member learns what happened to its intelligence.',
  })
  @ApiCreatedResponse({ type: FeedbackViewSchema, description: 'The feedback' })
  @ApiProblems({ 404: ['match_not_found'] })
  record(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: RecordFeedbackDto,
  ): Promise<FeedbackView> {
    return this.feedback.record(caller, id, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Feedback recorded on a report', description: 'Oldest first; who gave it is shown to its own Member only.' })
  @ApiRoles(['member-analyst', 'operation-coordinator'], {
    note: 'Any caller may ask; a member-analyst sees what its Member may see, an operation-coordinator the exchange of the operations it coordinates (distribution and TLP decide).',
  })
  @ApiOkResponse({ type: FeedbackViewSchema, isArray: true, description: 'The feedback' })
  list(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<FeedbackView[]> {
    return this.feedback.list(caller, id);
  }
}
