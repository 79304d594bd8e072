import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { FeedbackView, RecordFeedbackDto } from './dto/feedback.dto';
import { FeedbackService } from './feedback.service';

@ApiTags('feedback')
@Controller('reports/:id/feedback')
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Post()
  @Roles('member-analyst')
  @ApiOperation({ summary: 'Record a sighting on a report or on one of its matches: seen, hit, seized, false_positive' })
  record(@CurrentPrincipal() caller: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RecordFeedbackDto): Promise<FeedbackView> {
    return this.feedback.record(caller, id, dto);
  }

  @Get()
  list(@CurrentPrincipal() caller: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<FeedbackView[]> {
    return this.feedback.list(caller, id);
  }
}
