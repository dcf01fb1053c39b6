import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The machine's PostgreSQL (CI and developer machines run one on 5432). */
export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The run's prefix; every database this run creates starts with it, so teardown can drop them all. */
export function runPrefix(): string {
  const prefix = process.env.ZENDO_TEST_RUN;
  if (!prefix) throw new Error('ZENDO_TEST_RUN is not set: run the tests through jest (global setup)');
  return prefix;
}

export function templateName(): string {
  return `${runPrefix()}_template`;
}

/** A database of its own for one test file: a copy of the migrated template (fast), or empty. */
export async function createDatabase(options: { empty?: boolean } = {}): Promise<{ name: string; url: string }> {
  const name = `${runPrefix()}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}${options.empty ? '' : ` TEMPLATE ${templateName()}`}`));
  return { name, url: databaseUrl(name) };
}

export async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
