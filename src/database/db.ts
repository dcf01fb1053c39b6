import { Pool, PoolClient, QueryConfig } from 'pg';

/** Plain SQL on one connection or the pool: the rows, whatever the command. */
export class Sql {
  private readonly committed: (() => void)[] | null;

  constructor(
    protected readonly client: Pool | PoolClient,
    inTransaction = false,
  ) {
    this.committed = inTransaction ? [] : null;
  }

  /**
   * Runs `announce` once what this Sql wrote is committed: at the end of the transaction, or at
   * once outside one. Domain events are emitted this way, so nobody hears of a rolled-back change.
   */
  afterCommit(announce: () => void): void {
    if (this.committed) this.committed.push(announce);
    else announce();
  }

  /** @internal Db.transaction calls it after COMMIT. */
  flushCommitted(): void {
    for (const announce of this.committed?.splice(0) ?? []) announce();
  }

  async rows<T>(text: string, params: unknown[] = []): Promise<T[]> {
    return (await this.client.query(text, params)).rows as T[];
  }

  async one<T>(text: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.rows<T>(text, params))[0];
  }

  /** A statement with a name (prepared once per connection) or other options. */
  async run<T>(config: QueryConfig): Promise<T[]> {
    return (await this.client.query(config)).rows as T[];
  }
}

/**
 * The application's PostgreSQL pool. Repositories write their SQL by hand; a transaction is
 * visible where it happens: `db.transaction(async (tx) => …)`, READ COMMITTED, committed when the
 * callback resolves, rolled back when it throws.
 */
export class Db extends Sql {
  constructor(readonly pool: Pool) {
    super(pool);
  }

  async transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    // A connection the server ends between two statements of the transaction (a restart,
    // pg_terminate_backend) emits 'error' on the checked-out client, which has no listener of its
    // own: unheard, it would end the process. The next statement fails with it instead.
    const lost = () => (broken = true);
    client.on('error', lost);
    try {
      await client.query('BEGIN');
      try {
        const tx = new Sql(client, true);
        const result = await work(tx);
        await client.query('COMMIT');
        tx.flushCommitted();
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw error;
      }
    } finally {
      client.off('error', lost);
      // A connection that could not roll back (or was lost) is not given to anyone else.
      client.release(broken);
    }
  }
}
