import { Injectable } from '@nestjs/common';
import { Db, Sql } from '../database/db';

export interface DemoWebsiteRow {
  id: string;
  name: string;
  key: string;
}

@Injectable()
export class DemoRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Held until `tx` ends, so two first requests make one demo website between them. */
  async lock(tx: Sql): Promise<void> {
    await tx.rows(`SELECT pg_advisory_xact_lock(hashtext('zendo:demo-website'))`);
  }

  find(tx: Sql): Promise<DemoWebsiteRow | undefined> {
    return tx.one<DemoWebsiteRow>(`SELECT id, name, key FROM websites WHERE demo`);
  }

  /** The first account made on this installation. */
  firstAgentId(tx: Sql): Promise<string | undefined> {
    return tx.one<{ id: string }>(`SELECT id FROM agents ORDER BY created_at, id LIMIT 1`).then((row) => row?.id);
  }

  async markDemo(tx: Sql, websiteId: string): Promise<void> {
    await tx.rows(`UPDATE websites SET demo = true WHERE id = $1`, [websiteId]);
  }
}
