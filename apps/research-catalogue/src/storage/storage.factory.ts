import { ResearchCatalogueConfig } from '../config/research-catalogue.config';
import { FileStorage, LocalDiskStorage } from './file-storage';
import { S3Storage } from './s3-storage';

/** The file storage FILE_STORAGE names (the configuration has been validated: an S3 storage has its bucket). */
export function createFileStorage(config: ResearchCatalogueConfig): FileStorage {
  if (config.FILE_STORAGE === 'local') return new LocalDiskStorage(config.FILE_STORAGE_DIR);
  return new S3Storage({
    bucket: config.S3_BUCKET as string,
    prefix: config.S3_PREFIX,
    region: config.S3_REGION,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
    ...(config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
      ? { credentials: { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY } }
      : {}),
  });
}
