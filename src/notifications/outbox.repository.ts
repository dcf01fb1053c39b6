import { Injectable } from '@nestjs/common';
import { Db, Sql } from '../database/db';

export interface OutboxJob {
  id: string;
  kind: string;
  dedupe_key: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/**
 * The durable outbox: what is to be mailed, when. A job is written once per key while pending (a
 * partial unique index), taken by one worker at a time across instances (FOR UPDATE SKIP LOCKED),
 * and marked sent in the transaction that took it, so a restart neither loses nor repeats it.
 */
@Injectable()
export class OutboxRepository {
  constructor(private readonly db: Db) {}

  /** Adds a job unless one with this key is pending; it runs no earlier than `after` past the key's last send. */
  async enqueue(kind: string, key: string, payload: object, delayMs: number): Promise<void> {
    await this.db.rows(
      `INSERT INTO outbox (kind, dedupe_key, payload, run_at)
       SELECT $1, $2, $3, GREATEST(now(), COALESCE(
         (SELECT max(sent_at) FROM outbox WHERE dedupe_key = $2 AND sent_at IS NOT NULL), '-infinity')) + $4 * interval '1 millisecond'
       ON CONFLICT (dedupe_key) WHERE sent_at IS NULL AND failed_at IS NULL DO NOTHING`,
      [kind, key, JSON.stringify(payload), delayMs],
    );
  }

  /** Takes due jobs in `work`'s transaction; each is settled by calling `done` or `retry` with `tx`. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  claimDue(tx: Sql, limit: number): Promise<OutboxJob[]> {
    return tx.rows<OutboxJob>(
      `SELECT id, kind, dedupe_key, payload, attempts FROM outbox
       WHERE sent_at IS NULL AND failed_at IS NULL AND run_at <= now()
       ORDER BY run_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async done(tx: Sql, id: string): Promise<void> {
    await tx.rows('UPDATE outbox SET sent_at = now() WHERE id = $1', [id]);
  }

  /** Tries again after `delayMs`, or gives up for good. */
  async retry(tx: Sql, id: string, error: string, delayMs: number, giveUp: boolean): Promise<void> {
    await tx.rows(
      `UPDATE outbox SET attempts = attempts + 1, last_error = $2,
         run_at = now() + $3 * interval '1 millisecond', failed_at = CASE WHEN $4::boolean THEN now() END
       WHERE id = $1`,
      [id, error.slice(0, 500), delayMs, giveUp],
    );
  }

  async backlog(): Promise<number> {
    return (await this.db.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL`,
    ))!.n;
  }
}
