import { NestFactory } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { join } from 'node:path';
import { consoleAssets, projectRoot, widgetAssets } from './assets/static-assets';
import { cors } from './common/cors';
import { consolePolicy, securityHeaders } from './common/security-headers';
import { jsonBody } from './common/json-body';
import { AppConfig } from './config/app-config';
import { httpRequests } from './logging/http-requests';
import { createLogger } from './logging/logger';
import { NestPinoLogger } from './logging/nest-logger';
import { MetricsService } from './metrics/metrics.service';
import { REDIS, RedisClients } from './redis/redis.module';
import { ZendoIoAdapter } from './realtime/zendo-io.adapter';
import { mountApiDocs } from './api-docs/api-docs';

/** `/api/v1` in front of every route but the health check, `/` and the demo page. */
export const API_PREFIX: [string, { exclude: string[] }] = ['api/v1', { exclude: ['healthz', 'metrics', '/', 'demo'] }];

export interface AppOptions {
  /** Where log lines go instead of stdout (the tests read them). */
  logDestination?: DestinationStream;
}

/** Builds the configured application (not listening). Used by main.ts and by the e2e tests. */
export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<NestExpressApplication> {
  const logger = createLogger(config, options.logDestination);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: false,
    logger: new NestPinoLogger(logger),
    bodyParser: false,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy ?? false);
  // Each request's id and client address (for the audit log and the logs), its log line and its
  // metric: first, so that static files are counted too.
  const http = app.get(MetricsService).httpDuration;
  app.use(httpRequests(logger, (method, route, status, seconds) => http.observe({ method, route, status }, seconds)));
  app.use(securityHeaders(config.publicUrl));
  const root = projectRoot();
  app.use('/app', consolePolicy);
  app.use(widgetAssets(join(root, 'widget', 'dist')));
  app.use(consoleAssets(join(root, 'dashboard', 'dist', 'browser')));
  app.use(cors(config.corsOrigins));
  app.use(jsonBody('64kb'));
  app.setGlobalPrefix(...API_PREFIX);
  mountApiDocs(app, config.publicUrl);
  app.useWebSocketAdapter(
    new ZendoIoAdapter(
      app,
      app.get<RedisClients | null>(REDIS),
      config.redisPrefix,
      config.socketWriteBufferMax,
      config.redisAdapter,
    ),
  );
  return app;
}
