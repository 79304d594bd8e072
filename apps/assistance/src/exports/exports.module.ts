import { Module } from '@nestjs/common';
import { ExpertsModule } from '../experts/experts.module';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

@Module({
  imports: [ExpertsModule],
  controllers: [ExportsController],
  providers: [ExportsService],
})
export class ExportsModule {}
