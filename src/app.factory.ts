import { NestFactory } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { RequestContext } from './common/request-context';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { join } from 'node:path';
import { consoleAssets, projectRoot, widgetAssets } from './assets/static-assets';
import { cors } from './common/cors';
import { consolePolicy, securityHeaders } from './common/security-headers';
import { jsonBody } from './common/json-body';
import { AppConfig } from './config/app-config';
import { REDIS, RedisClients } from './redis/redis.module';
import { ZendoIoAdapter } from './realtime/zendo-io.adapter';
import { mountApiDocs } from './api-docs/api-docs';

/** `/api/v1` in front of every route but the health check, `/` and the demo page. */
export const API_PREFIX: [string, { exclude: string[] }] = ['api/v1', { exclude: ['healthz', '/', 'demo'] }];

/** Builds the configured application (not listening). Used by main.ts and by the e2e tests. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: false,
    logger: config.nodeEnv === 'test' ? ['error', 'warn'] : ['log', 'error', 'warn'],
    bodyParser: false,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy ?? false);
  app.use(securityHeaders(config.publicUrl));
  const root = projectRoot();
  app.use('/app', consolePolicy);
  app.use(widgetAssets(join(root, 'widget', 'dist')));
  app.use(consoleAssets(join(root, 'dashboard', 'dist', 'browser')));
  // Each request's id and client address, for the audit log and the logs.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const requestId = randomUUID();
    res.setHeader('X-Request-Id', requestId);
    RequestContext.run({ requestId, ip: req.ip ?? null }, next);
  });
  app.use(cors(config.corsOrigins));
  app.use(jsonBody('64kb'));
  app.setGlobalPrefix(...API_PREFIX);
  mountApiDocs(app, config.publicUrl);
  app.useWebSocketAdapter(new ZendoIoAdapter(app, app.get<RedisClients | null>(REDIS), config.redisPrefix));
  return app;
}
