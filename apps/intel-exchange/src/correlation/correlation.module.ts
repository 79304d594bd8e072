import { Module } from '@nestjs/common';
import { OperationsModule } from '../operations/operations.module';
import { CorrelationService } from './correlation.service';
import { MatchesController } from './matches.controller';
import { MatchesService } from './matches.service';

@Module({
  imports: [OperationsModule],
  controllers: [MatchesController],
  providers: [CorrelationService, MatchesService],
  exports: [CorrelationService, MatchesService],
})
export class CorrelationModule {}
