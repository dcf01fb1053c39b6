// `make migrate-up | migrate-down | reset-db`: the same database the app would use
// (DATABASE_URL, or the embedded one), migrated under the same lock the app takes.
import { ConfigError, loadConfig } from '../config/app-config';
import { migrate, openDatabase } from '../database/database';

async function main(): Promise<void> {
  const direction = process.argv[2];
  if (direction !== 'up' && direction !== 'down' && direction !== 'reset') {
    console.error('usage: migrate up|down|reset');
    process.exit(2);
  }
  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    await migrate(db.url, direction);
  } finally {
    db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
