import { BaseServiceConfig, BooleanFromEnv, IntFromEnv, IsUrlWithScheme } from '@wco/config';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

export const FILE_STORAGE_KINDS = ['local', 's3'] as const;
export type FileStorageKind = (typeof FILE_STORAGE_KINDS)[number];

/**
 * research-catalogue's configuration: the platform's variables (database, broker, auth, logging) with this service's
 * defaults and its own (see libs/config/README.md); nothing else reads process.env.
 */
export class ResearchCatalogueConfig extends BaseServiceConfig {
  override SERVICE_NAME = 'research-catalogue';
  override PORT = 3004;

  /** Where the local-disk file storage keeps publication files (content-addressed by SHA-256). */
  @IsString()
  @MinLength(1)
  FILE_STORAGE_DIR = '.local/research-files';

  /** Which file storage: `local` (disk, FILE_STORAGE_DIR) or `s3` (an S3-compatible bucket, S3_*). */
  @IsIn(FILE_STORAGE_KINDS, { message: `must be one of ${FILE_STORAGE_KINDS.join(', ')}` })
  FILE_STORAGE: FileStorageKind = 'local';

  /** The bucket of the S3 storage (required with FILE_STORAGE=s3); S3 bucket naming rules. */
  @ValidateIf((c: ResearchCatalogueConfig) => c.FILE_STORAGE === 's3' || c.S3_BUCKET !== undefined)
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'is required with FILE_STORAGE=s3 and must be a bucket name (3 to 63 characters: a-z, 0-9, dots and hyphens)',
  })
  S3_BUCKET?: string;

  /** An S3-compatible endpoint (MinIO, Ceph, S3Proxy); AWS's own endpoint for S3_REGION when unset. */
  @IsOptional()
  @IsUrlWithScheme(['http', 'https'])
  S3_ENDPOINT?: string;

  @IsString()
  @Matches(/^[a-z0-9-]{2,32}$/, { message: 'must be a region name such as eu-west-1' })
  S3_REGION = 'us-east-1';

  /** Path-style requests (`endpoint/bucket/key`), which most S3-compatible servers need. */
  @BooleanFromEnv()
  @IsBoolean({ message: 'must be true or false' })
  S3_FORCE_PATH_STYLE = false;

  /** Key prefix of the files inside the bucket (empty, or ending with `/`). */
  @IsString()
  @MaxLength(200)
  @Matches(/^(|[A-Za-z0-9!_.*'()/-]*\/)$/, { message: 'must be empty or a key prefix ending with /' })
  S3_PREFIX = '';

  /** Static credentials (both or neither); without them the SDK's default chain (environment, web identity, instance role). */
  @ValidateIf((c: ResearchCatalogueConfig) => c.S3_ACCESS_KEY_ID !== undefined || c.S3_SECRET_ACCESS_KEY !== undefined)
  @IsString({ message: 'is required when S3_SECRET_ACCESS_KEY is set' })
  @MinLength(1)
  S3_ACCESS_KEY_ID?: string;

  @ValidateIf((c: ResearchCatalogueConfig) => c.S3_ACCESS_KEY_ID !== undefined || c.S3_SECRET_ACCESS_KEY !== undefined)
  @IsString({ message: 'is required when S3_ACCESS_KEY_ID is set' })
  @MinLength(1)
  S3_SECRET_ACCESS_KEY?: string;

  /** The public address of the service: landing pages, file links and the OAI-PMH baseURL are built on it. */
  @IsUrlWithScheme(['http', 'https'])
  PUBLIC_BASE_URL = 'http://127.0.0.1:3004';

  /** Records per OAI-PMH ListRecords/ListIdentifiers answer; the rest follows by resumption token. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 1 and 1000' })
  @Min(1, { message: 'must be an integer between 1 and 1000' })
  @Max(1000, { message: 'must be an integer between 1 and 1000' })
  OAI_PAGE_SIZE = 100;

  /** The OAI-PMH Identify adminEmail. */
  @IsEmail({}, { message: 'must be an e-mail address' })
  OAI_ADMIN_EMAIL = 'research@wcoomd.org';

  /** How often the embargo job lifts embargoes that are due; 0 disables the timer. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 0 and 86400000 (milliseconds)' })
  @Min(0, { message: 'must be an integer between 0 and 86400000 (milliseconds)' })
  @Max(86_400_000, { message: 'must be an integer between 0 and 86400000 (milliseconds)' })
  EMBARGO_SWEEP_INTERVAL_MS = 600_000;

  /** Search counts `total` exactly up to this many matches; beyond it, `total` is this number and `totalCapped` says "more than". */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 1 and 1000000' })
  @Min(1, { message: 'must be an integer between 1 and 1000000' })
  @Max(1_000_000, { message: 'must be an integer between 1 and 1000000' })
  SEARCH_COUNT_CAP = 10_000;

  /** How often the search vocabulary ("did you mean") is rebuilt from the public catalogue; 0 disables the timer. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 0 and 86400000 (milliseconds)' })
  @Min(0, { message: 'must be an integer between 0 and 86400000 (milliseconds)' })
  @Max(86_400_000, { message: 'must be an integer between 0 and 86400000 (milliseconds)' })
  SEARCH_VOCABULARY_REFRESH_MS = 300_000;

  /** Largest file the streaming upload route (PUT /uploads/:name) takes; beyond it 413 and nothing is kept. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 1 and 53687091200 (bytes)' })
  @Min(1, { message: 'must be an integer between 1 and 53687091200 (bytes)' })
  @Max(53_687_091_200, { message: 'must be an integer between 1 and 53687091200 (bytes)' })
  UPLOAD_MAX_BYTES = 209_715_200;

  /** Characters of a file's text indexed for search (and kept for highlights); the rest is cut. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 1000 and 500000' })
  @Min(1000, { message: 'must be an integer between 1000 and 500000' })
  @Max(500_000, { message: 'must be an integer between 1000 and 500000' })
  FILE_TEXT_MAX_CHARS = 200_000;

  /** PDFs are parsed whole to extract their text: larger ones are stored but their text is skipped. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 1 and 1073741824 (bytes)' })
  @Min(1, { message: 'must be an integer between 1 and 1073741824 (bytes)' })
  @Max(1_073_741_824, { message: 'must be an integer between 1 and 1073741824 (bytes)' })
  FILE_TEXT_PDF_MAX_BYTES = 52_428_800;

  /** A PDF whose text takes longer to extract is stored with its text `failed`. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 100 and 600000 (milliseconds)' })
  @Min(100, { message: 'must be an integer between 100 and 600000 (milliseconds)' })
  @Max(600_000, { message: 'must be an integer between 100 and 600000 (milliseconds)' })
  FILE_TEXT_PDF_TIMEOUT_MS = 30_000;

  /** How often an instance looks for queued text extractions (also started right after an upload); 0 disables the timer. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 0 and 86400000 (milliseconds)' })
  @Min(0, { message: 'must be an integer between 0 and 86400000 (milliseconds)' })
  @Max(86_400_000, { message: 'must be an integer between 0 and 86400000 (milliseconds)' })
  FILE_TEXT_JOB_INTERVAL_MS = 5_000;

  /** Claims of one text extraction before it is given up as failed (a crash or an error mid-job is retried). */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 1 and 100' })
  @Min(1, { message: 'must be an integer between 1 and 100' })
  @Max(100, { message: 'must be an integer between 1 and 100' })
  FILE_TEXT_MAX_ATTEMPTS = 3;

  /** Uploads that no version lists are deleted (database row and stored bytes) once this old. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 1 and 87600 (hours)' })
  @Min(1, { message: 'must be an integer between 1 and 87600 (hours)' })
  @Max(87_600, { message: 'must be an integer between 1 and 87600 (hours)' })
  UPLOAD_ORPHAN_TTL_HOURS = 24;

  /** How often an instance sweeps orphan uploads; 0 disables the timer. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 0 and 86400000 (milliseconds)' })
  @Min(0, { message: 'must be an integer between 0 and 86400000 (milliseconds)' })
  @Max(86_400_000, { message: 'must be an integer between 0 and 86400000 (milliseconds)' })
  UPLOAD_ORPHAN_SWEEP_INTERVAL_MS = 3_600_000;

  /** Largest body of an import job (POST /import-jobs, NDJSON or JSON); beyond it 413 and nothing is kept. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 1024 and 10737418240 (bytes)' })
  @Min(1024, { message: 'must be an integer between 1024 and 10737418240 (bytes)' })
  @Max(10_737_418_240, { message: 'must be an integer between 1024 and 10737418240 (bytes)' })
  IMPORT_JOB_MAX_BYTES = 268_435_456;

  /** Most items in one import job; beyond it 413 and nothing is kept. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 1 and 10000000' })
  @Min(1, { message: 'must be an integer between 1 and 10000000' })
  @Max(10_000_000, { message: 'must be an integer between 1 and 10000000' })
  IMPORT_JOB_MAX_ITEMS = 100_000;

  /** How often an instance looks for import work (also started right after a job is submitted); 0: this instance works no import job. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 0 and 86400000 (milliseconds)' })
  @Min(0, { message: 'must be an integer between 0 and 86400000 (milliseconds)' })
  @Max(86_400_000, { message: 'must be an integer between 0 and 86400000 (milliseconds)' })
  IMPORT_JOB_INTERVAL_MS = 2_000;

  /** Items an import job works in one transaction (one chunk); jobs take turns chunk by chunk. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 1 and 1000' })
  @Min(1, { message: 'must be an integer between 1 and 1000' })
  @Max(1000, { message: 'must be an integer between 1 and 1000' })
  IMPORT_JOB_CHUNK_ITEMS = 200;

  /** How long an instance holds a chunk; a chunk whose instance stopped is worked by another once this has passed. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 5 and 86400 (seconds)' })
  @Min(5, { message: 'must be an integer between 5 and 86400 (seconds)' })
  @Max(86_400, { message: 'must be an integer between 5 and 86400 (seconds)' })
  IMPORT_JOB_LEASE_SECONDS = 300;

  /** Finished import jobs (completed or cancelled) and their per-item results are deleted once this old. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 1 and 3650 (days)' })
  @Min(1, { message: 'must be an integer between 1 and 3650 (days)' })
  @Max(3650, { message: 'must be an integer between 1 and 3650 (days)' })
  IMPORT_JOB_RETENTION_DAYS = 30;
}
