import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { join } from 'node:path';
import { consoleAssets, projectRoot, widgetAssets } from './assets/static-assets';
import { cors } from './common/cors';
import { jsonBody } from './common/json-body';
import { AppConfig } from './config/app-config';
import { REDIS, RedisClients } from './redis/redis.module';
import { ZendoIoAdapter } from './realtime/zendo-io.adapter';

/** Builds the configured application (not listening). Used by main.ts and by the e2e tests. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: false,
    logger: config.nodeEnv === 'test' ? ['error', 'warn'] : ['log', 'error', 'warn'],
    bodyParser: false,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  const root = projectRoot();
  app.use(widgetAssets(join(root, 'widget', 'dist')));
  app.use(consoleAssets(join(root, 'dashboard', 'dist', 'browser')));
  app.use(cors(config.corsOrigins));
  app.use(jsonBody('64kb'));
  app.setGlobalPrefix('api/v1', { exclude: ['healthz'] });
  app.useWebSocketAdapter(new ZendoIoAdapter(app, app.get<RedisClients | null>(REDIS), config.redisPrefix));
  return app;
}
