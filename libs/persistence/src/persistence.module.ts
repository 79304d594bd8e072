import { DynamicModule, Inject, Module, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { ReadinessCheck, ReadinessRegistry } from '@wco/http';
import { DataSource } from 'typeorm';
import { IdempotencyStore, IdempotencyStoreOptions } from './idempotency/idempotency.store';

export interface PersistenceModuleOptions {
  /** An initialised, migrated DataSource (prepareServiceDatabase). The module closes it on shutdown. */
  dataSource: DataSource;
  idempotency?: IdempotencyStoreOptions;
}

/** `SELECT 1` against the service's database, for /health/ready. */
export function databaseReadinessCheck(ds: DataSource, name = 'database'): ReadinessCheck {
  return { name, check: () => ds.query('SELECT 1') };
}

const OPTIONS = Symbol('PERSISTENCE_OPTIONS');

/** Provides the service's DataSource and IdempotencyStore everywhere, and registers the database readiness check. */
@Module({})
export class PersistenceModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(OPTIONS) private readonly options: PersistenceModuleOptions,
    @Optional() private readonly readiness?: ReadinessRegistry,
  ) {}

  static forRoot(options: PersistenceModuleOptions): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      providers: [
        { provide: OPTIONS, useValue: options },
        { provide: DataSource, useValue: options.dataSource },
        { provide: IdempotencyStore, useFactory: () => new IdempotencyStore(options.dataSource, options.idempotency) },
      ],
      exports: [DataSource, IdempotencyStore],
    };
  }

  onModuleInit(): void {
    this.readiness?.register(databaseReadinessCheck(this.options.dataSource));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.options.dataSource.isInitialized) await this.options.dataSource.destroy();
  }
}
