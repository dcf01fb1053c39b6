import { randomBytes } from 'node:crypto';
import { migrate } from '../../src/database/database';
import { admin, databaseUrl, templateName } from './test-database';

/** Creates this run's template database, migrated from zero; each test file copies it. */
export default async function globalSetup(): Promise<void> {
  process.env.ZENDO_TEST_RUN = `zendo_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  process.env.NODE_ENV = 'test';
  const name = templateName();
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  await migrate(databaseUrl(name), 'up');
}
