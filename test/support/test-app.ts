import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Client, Pool } from 'pg';
import { createApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { Db } from '../../src/database/db';
import { Api } from './api';
import { Seed } from './seed';
import { createDatabase, dropDatabase } from './test-database';

export interface RunningApp {
  app: NestExpressApplication;
  url: string;
  config: AppConfig;
  close(): Promise<void>;
}

/** The real application on a random port, against the given database (and Redis, when asked). */
export async function startApp(databaseUrl: string, overrides: Partial<AppConfig> = {}): Promise<RunningApp> {
  const config: AppConfig = {
    ...loadConfig({ NODE_ENV: 'test', ZENDO_DATA_DIR: mkdtempSync(join(tmpdir(), 'zendo-app-')) }),
    databaseUrl,
    // Tests speak through X-Forwarded-For from loopback, as a proxy in front of the app would.
    trustProxy: 'loopback',
    ...overrides,
  };
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as import('node:net').AddressInfo;
  const url = `http://127.0.0.1:${address.port}`;
  return { app, url, config, close: () => app.close() };
}

export interface TestApp extends RunningApp {
  /** The spec's own copy of the migrated database. */
  db: { name: string; url: string };
  api: Api;
  /** Closes the app and drops its database. */
  close(): Promise<void>;
}

/** What most e2e specs start from: their own database, the app on it, and an API client. */
export async function startTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const db = await createDatabase();
  const running = await startApp(db.url, overrides);
  return {
    ...running,
    db,
    api: new Api(running.url),
    close: async () => {
      await running.close();
      await dropDatabase(db.name);
    },
  };
}

export interface TestCluster {
  db: { name: string; url: string };
  instances: RunningApp[];
  close(): Promise<void>;
}

/** Several instances of one deployment: one database, and whatever the overrides share (Redis, the JWT secret). */
export async function startCluster(count: number, shared: Partial<AppConfig>): Promise<TestCluster> {
  const db = await createDatabase();
  const instances: RunningApp[] = [];
  for (let i = 0; i < count; i++) instances.push(await startApp(db.url, shared));
  return {
    db,
    instances,
    close: async () => {
      await Promise.all(instances.map((instance) => instance.close()));
      await dropDatabase(db.name);
    },
  };
}

export interface TestDatabase {
  name: string;
  url: string;
  /** The application's own database access, on a pool of `poolSize`. */
  db: Db;
  /** A separate connection, to look at and prepare rows. */
  client: Client;
  seed: Seed;
  close(): Promise<void>;
}

/** For integration specs of repositories: a copy of the migrated database without the app. */
export async function openTestDatabase(poolSize = 20): Promise<TestDatabase> {
  const { name, url } = await createDatabase();
  const pool = new Pool({ connectionString: url, max: poolSize });
  // As in the app (database.module): an idle connection the server closes is dropped and replaced,
  // never an unhandled error that fails whichever test happens to be running.
  pool.on('error', (error) => console.warn(`test pool: idle connection lost: ${error.message}`));
  const db = new Db(pool);
  const client = new Client({ connectionString: url });
  await client.connect();
  return {
    name,
    url,
    db,
    client,
    seed: new Seed(client),
    close: async () => {
      await client.end();
      await db.pool.end().catch(() => undefined);
      await dropDatabase(name);
    },
  };
}
