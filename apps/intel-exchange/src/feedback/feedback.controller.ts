import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@wco/auth';
import { ParseUuidPipe } from '@wco/http';
import { CurrentCaller, Principal } from '../platform/principal';
import { FeedbackView, RecordFeedbackDto } from './dto/feedback.dto';
import { FeedbackService } from './feedback.service';

@ApiTags('feedback')
@Controller('reports/:id/feedback')
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Post()
  @Roles('member-analyst')
  @ApiOperation({ summary: 'Record a sighting on a report or on one of its matches: seen, hit, seized, false_positive' })
  record(@CurrentCaller() caller: Principal, @Param('id', ParseUuidPipe) id: string, @Body() dto: RecordFeedbackDto): Promise<FeedbackView> {
    return this.feedback.record(caller, id, dto);
  }

  @Get()
  list(@CurrentCaller() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<FeedbackView[]> {
    return this.feedback.list(caller, id);
  }
}
