import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { CorrelationRepository } from './correlation.repository';
import { CorrelationService } from './correlation.service';
import { MatchesController } from './matches.controller';
import { MatchesService } from './matches.service';

@Module({
  imports: [AccessModule],
  controllers: [MatchesController],
  providers: [CorrelationRepository, CorrelationService, MatchesService],
  exports: [CorrelationService, MatchesService],
})
export class CorrelationModule {}
