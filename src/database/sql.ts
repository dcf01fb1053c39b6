import { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * Plain SQL over a TypeORM query runner, for the paths where hydrating entities costs more than it
 * gives (the message hot path, membership-scoped reads). Always returns the rows, whatever the command.
 */
export class Sql {
  constructor(private readonly runner: QueryRunner) {}

  /** The entity manager bound to the same connection and transaction. */
  get manager(): EntityManager {
    return this.runner.manager;
  }

  async rows<T>(text: string, params: unknown[] = []): Promise<T[]> {
    const result = await this.runner.query(text, params, true);
    return (result.records ?? []) as T[];
  }

  async one<T>(text: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.rows<T>(text, params))[0];
  }
}

/** Runs `work` in one READ COMMITTED transaction on one connection; commits or rolls back. */
export async function transaction<T>(dataSource: DataSource, work: (tx: Sql) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction('READ COMMITTED');
    try {
      const result = await work(new Sql(runner));
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    }
  } finally {
    await runner.release();
  }
}

/** One statement outside any transaction. */
export async function query<T>(dataSource: DataSource, text: string, params: unknown[] = []): Promise<T[]> {
  const runner = dataSource.createQueryRunner();
  try {
    return await new Sql(runner).rows<T>(text, params);
  } finally {
    await runner.release();
  }
}
