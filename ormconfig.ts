// The data source the TypeORM CLI uses (`npx typeorm -d dist/ormconfig.js …`); it needs DATABASE_URL.
// `make migrate-up` / `migrate-down` also work without it, through the embedded database.
import { createDataSource } from './src/database/data-source';

if (!process.env.DATABASE_URL) {
  throw new Error(
    'DATABASE_URL must be set for the TypeORM CLI (or use make migrate-up, which starts the embedded database)',
  );
}

export default createDataSource(process.env.DATABASE_URL);
