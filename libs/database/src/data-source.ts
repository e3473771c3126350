import type { DataSourceOptions } from 'typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@ivl/config';
import { MIGRATIONS } from './migrations/index.js';

/** Connection options shared by the API, the worker and the CLI. `synchronize` is never on. */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.database.url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    extra: { max: config.database.poolSize, application_name: 'ivl' },
    logging: false,
  };
}

/** A bare data source for migrations and scripts (no entities needed: they use SQL). */
export function createMigrationDataSource(config: AppConfig): DataSource {
  return new DataSource(dataSourceOptions(config));
}
