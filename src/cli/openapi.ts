import { NestFactory } from '@nestjs/core';
import { writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiVersion } from '../api-docs/api-docs';
import { buildOpenApiDocument } from '../api-docs/openapi-document';
import { API_PREFIX } from '../app.factory';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/app-config';

/**
 * Writes the OpenAPI document to the file named by the first argument (stdout without one),
 * from the app's modules in preview mode: no database, Redis or port is touched.
 */
async function main(): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'test', ZENDO_DATA_DIR: mkdtempSync(join(tmpdir(), 'zendo-openapi-')) });
  const app = await NestFactory.create(AppModule.forRoot(config), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  app.setGlobalPrefix(...API_PREFIX);
  const json = JSON.stringify(buildOpenApiDocument(app, apiVersion()), null, 2);
  if (process.argv[2]) writeFileSync(process.argv[2], json);
  else process.stdout.write(json);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
