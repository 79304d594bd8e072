import { Module } from '@nestjs/common';
import { RequestsModule } from '../requests/requests.module';
import { FollowUpsController } from './follow-ups.controller';
import { FollowUpsRepository } from './follow-ups.repository';
import { FollowUpsService } from './follow-ups.service';

@Module({ imports: [RequestsModule], controllers: [FollowUpsController], providers: [FollowUpsService, FollowUpsRepository] })
export class FollowUpsModule {}
