import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../assets/static-assets';
import { ClientEvents } from '../realtime/client-events';
import { buildAsyncApiDocument } from './asyncapi-document';
import { buildOpenApiDocument } from './openapi-document';

/**
 * The browsable page's policy: swagger-ui's own scripts and styles only (it runs no inline
 * script; its page has inline styles), requests to this server, never inside a frame.
 */
const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function apiVersion(): string {
  return (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** Made on first use, then kept: the routes and events do not change while the process runs. */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/**
 * `GET /api/openapi.json` (OpenAPI 3.1), `GET /api/docs` (swagger-ui over it) and
 * `GET /api/asyncapi.json` (AsyncAPI 3 of the socket events).
 */
export function mountApiDocs(app: NestExpressApplication, publicUrl: string): void {
  const version = apiVersion();
  const openapi = once(() => buildOpenApiDocument(app, version));
  const asyncapi = once(() => buildAsyncApiDocument(app.get(ClientEvents).table, version, publicUrl));
  app.use('/api/docs', (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', DOCS_CSP);
    next();
  });
  app.use('/api/asyncapi.json', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.json(asyncapi());
  });
  SwaggerModule.setup('api/docs', app, openapi, {
    useGlobalPrefix: false,
    jsonDocumentUrl: 'api/openapi.json',
    raw: ['json'],
    customSiteTitle: 'Zendo API',
    swaggerOptions: { persistAuthorization: false },
  });
}
