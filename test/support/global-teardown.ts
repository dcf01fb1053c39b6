import { admin, runPrefix } from './test-database';

/** Drops every database this run created. */
export default async function globalTeardown(): Promise<void> {
  const prefix = runPrefix();
  await admin(async (c) => {
    const { rows } = await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${prefix}%`,
    ]);
    for (const row of rows) await c.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
  });
}
