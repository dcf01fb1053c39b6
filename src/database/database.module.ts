import { Global, Inject, Logger, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { Pool } from 'pg';
import { RequestContext } from '../common/request-context';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Db } from './db';

const dbProvider: Provider = {
  provide: Db,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): Db => {
    if (!config.databaseUrl) throw new Error('the database must be opened before the app module starts');
    const pool = new Pool({
      connectionString: config.databaseUrl,
      max: config.dbPoolSize,
      connectionTimeoutMillis: 5000,
    });
    // An idle connection the server closed (restart, pg_terminate_backend) is dropped from the
    // pool and replaced on the next checkout; without a listener the error would end the process.
    // The connection was opened during some request; its loss is not that request's.
    pool.on('error', (error) =>
      RequestContext.outside(() => new Logger('Database').warn(`idle connection lost: ${error.message}`)),
    );
    return new Db(pool);
  },
};

/** The pool every repository uses. Migrations run before the app starts, through TypeORM (database.ts). */
@Global()
@Module({ providers: [dbProvider], exports: [Db] })
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(Db) private readonly db: Db) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.pool.end();
  }
}
