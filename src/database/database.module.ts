import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        if (!config.databaseUrl) throw new Error('the database must be opened before the app module starts');
        return { ...dataSourceOptions(config.databaseUrl, config.dbPoolSize), retryAttempts: 0 };
      },
    }),
  ],
})
export class DatabaseModule {}
