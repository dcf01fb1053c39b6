import { DataSource, DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations';

/**
 * The TypeORM data source, used for migrations only (at start, by `make migrate-*`, by the
 * TypeORM CLI and by the test setup); the application queries through its own pool (db.ts).
 */
export function dataSourceOptions(url: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations,
    migrationsTableName: 'migrations',
    // The schema comes from migrations only, everywhere, tests included.
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: poolSize, connectionTimeoutMillis: 5000 },
  };
}

export function createDataSource(url: string, poolSize?: number): DataSource {
  return new DataSource(dataSourceOptions(url, poolSize));
}
