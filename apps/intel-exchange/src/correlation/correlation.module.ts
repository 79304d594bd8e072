import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { CorrelationService } from './correlation.service';
import { MatchesController } from './matches.controller';
import { MatchesService } from './matches.service';

@Module({
  imports: [AccessModule],
  controllers: [MatchesController],
  providers: [CorrelationService, MatchesService],
  exports: [CorrelationService, MatchesService],
})
export class CorrelationModule {}
