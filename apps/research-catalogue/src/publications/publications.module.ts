import { Module } from '@nestjs/common';
import { ResearchCatalogueConfig } from '../config/research-catalogue.config';
import { OptionalTokenGuard } from '../common/reader';
import { EmbargoJob } from '../embargo/embargo.job';
import { ImportJobWorker } from '../imports/import-job.worker';
import { ImportJobsController } from '../imports/import-jobs.controller';
import { ImportJobsService } from '../imports/import-jobs.service';
import { ImportsController } from '../imports/imports.controller';
import { FileStorage } from '../storage/file-storage';
import { createFileStorage } from '../storage/storage.factory';
import { SubscriptionsController } from '../subscriptions/subscriptions.controller';
import { FileContents } from '../uploads/file-contents';
import { FileTextJob } from '../uploads/file-text.job';
import { OrphanUploadsJob } from '../uploads/orphan-uploads.job';
import { StoredFilesController, UploadsController } from '../uploads/uploads.controller';
import { UsageService } from '../usage/usage.service';
import { PublicationsController } from './publications.controller';
import { PublicationsRepository } from './publications.repository';
import { PublicationsService } from './publications.service';
import { SearchAids } from './search-aids';
import { SearchVocabularyJob } from './search-vocabulary.job';

@Module({
  controllers: [
    PublicationsController,
    ImportsController,
    ImportJobsController,
    SubscriptionsController,
    UploadsController,
    StoredFilesController,
  ],
  providers: [
    PublicationsService,
    PublicationsRepository,
    OptionalTokenGuard,
    EmbargoJob,
    SearchAids,
    SearchVocabularyJob,
    UsageService,
    FileContents,
    FileTextJob,
    OrphanUploadsJob,
    ImportJobsService,
    ImportJobWorker,
    {
      provide: FileStorage,
      inject: [ResearchCatalogueConfig],
      useFactory: (config: ResearchCatalogueConfig) => createFileStorage(config),
    },
  ],
  exports: [PublicationsService, PublicationsRepository, OptionalTokenGuard],
})
export class PublicationsModule {}
