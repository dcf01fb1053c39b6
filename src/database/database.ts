import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { AppConfig } from '../config/app-config';
import { migrations } from '../../migrations';
import type { createDataSource } from './data-source';
import { EmbeddedPostgres } from './embedded-postgres';

export interface DatabaseHandle {
  url: string;
  /** Stops the embedded server, if this process started one. */
  stop(): void;
}

/** DATABASE_URL when given; otherwise the embedded PostgreSQL under the data folder. */
export async function openDatabase(config: AppConfig): Promise<DatabaseHandle> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: () => undefined };
  const embedded = new EmbeddedPostgres(config.dataDir, config.embeddedPgPort);
  const url = await embedded.start();
  return { url, stop: () => embedded.stop() };
}

// Any constant works; it only has to be the same for every instance of Zendo.
const MIGRATION_LOCK = 7_363_736;

/**
 * Runs migrations under a PostgreSQL advisory lock, so several instances starting at once
 * migrate exactly once. Returns the names of the migrations applied or reverted.
 */
export async function migrate(url: string, direction: 'up' | 'down' | 'reset'): Promise<string[]> {
  const logger = new Logger('Migrations');
  const lock = new Client({ connectionString: url });
  await lock.connect();
  if (direction === 'up' && (await allApplied(lock))) {
    await lock.end();
    logger.log('up: nothing to do');
    return [];
  }
  // TypeORM is loaded only when there is something to migrate: it is a tenth of a start's time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createDataSource: create } = require('./data-source') as { createDataSource: typeof createDataSource };
  const dataSource = create(url, 2);
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.initialize();
    const done: string[] = [];
    if (direction === 'up') {
      done.push(...(await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name));
    } else if (direction === 'down') {
      const before = (await appliedNames(lock)).length;
      if (before > 0) await dataSource.undoLastMigration({ transaction: 'each' });
      if (before > 0) done.push(`reverted 1 of ${before}`);
    } else {
      await dataSource.query('DROP SCHEMA public CASCADE');
      await dataSource.query('CREATE SCHEMA public');
      done.push(...(await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name));
    }
    logger.log(done.length ? `${direction}: ${done.join(', ')}` : `${direction}: nothing to do`);
    return done;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end();
  }
}

/**
 * Whether every migration this build knows of is already recorded (the common start): then
 * nothing is locked and TypeORM is never loaded. Anything missing takes the locked path, which
 * decides again under the lock.
 */
async function allApplied(client: Client): Promise<boolean> {
  const applied = new Set(await appliedNames(client));
  return migrations.every((migration) => applied.has(migrationName(migration)));
}

/** The migrations recorded in the database; none before the first has run. */
async function appliedNames(client: Client): Promise<string[]> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('public.migrations') AS t`);
  if (!exists.rows[0].t) return [];
  const { rows } = await client.query<{ name: string }>('SELECT name FROM migrations');
  return rows.map((row) => row.name);
}

/** The name TypeORM records for a migration: its `name` property, else its class name. */
function migrationName(migration: (typeof migrations)[number]): string {
  const named = new migration() as { name?: string };
  return named.name ?? migration.name;
}
