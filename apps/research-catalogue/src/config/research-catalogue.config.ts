import { BaseServiceConfig, IntFromEnv, IsUrlWithScheme } from '@wco/config';
import { IsEmail, IsInt, IsString, Max, Min, MinLength } from 'class-validator';

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

  /** How often the search vocabulary ("did you mean") is rebuilt from the public catalogue; 0 disables the timer. */
  @IntFromEnv()
  @IsInt({ message: 'must be an integer between 0 and 86400000 (milliseconds)' })
  @Min(0, { message: 'must be an integer between 0 and 86400000 (milliseconds)' })
  @Max(86_400_000, { message: 'must be an integer between 0 and 86400000 (milliseconds)' })
  SEARCH_VOCABULARY_REFRESH_MS = 300_000;
}
