import { BaseServiceConfig } from '@wco/config';

/**
 * research-catalogue's configuration: the platform's variables (database, broker, auth, logging) with this service's
 * defaults. A variable of its own is a validated property here (see libs/config/README.md), never a process.env read.
 */
export class ResearchCatalogueConfig extends BaseServiceConfig {
  override SERVICE_NAME = 'research-catalogue';
  override PORT = 3004;
}
