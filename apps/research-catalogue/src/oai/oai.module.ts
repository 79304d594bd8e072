import { Module } from '@nestjs/common';
import { OaiController } from './oai.controller';
import { OaiRepository } from './oai.repository';
import { OaiService } from './oai.service';

@Module({ controllers: [OaiController], providers: [OaiService, OaiRepository] })
export class OaiModule {}
