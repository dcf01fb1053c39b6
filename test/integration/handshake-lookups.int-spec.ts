import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { Db } from '../../src/database/db';
import { hashToken } from '../../src/common/secrets';
import { VISITOR_IDS_BY_TOKENS, VisitorsRepository } from '../../src/visitors/visitors.repository';
import { Seed } from '../support/seed';
import { openTestDatabase, TestDatabase } from '../support/test-app';

const VISITORS = 10_000;
/** The burst after the first visits: enough that a plan kept from the small tables scans thousands of rows. */
const BURST = 3_000;

/** The plan PostgreSQL picks for the batch statement with these values (a custom plan, as for a named statement's first runs). */
async function plan(client: Client, values: unknown[]): Promise<string> {
  const { rows } = await client.query(`EXPLAIN ${VISITOR_IDS_BY_TOKENS}`, values);
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

describe('handshake visitor lookups in batches', () => {
  let db: TestDatabase;
  let client: Client;
  let seed: Seed;
  let repo: VisitorsRepository;
  let website: string;
  const tokens: string[] = [];
  let visitorIds: string[];

  beforeAll(async () => {
    db = await openTestDatabase();
    ({ client, seed } = db);
    repo = new VisitorsRepository(db.db);
    website = await seed.website();
    // Statistics taken while the tables were empty, then a burst of visitors: what a new site, an
    // import or a restart storm meets before autovacuum has looked (the table keeps no other stats).
    await client.query('ALTER TABLE visitors SET (autovacuum_enabled = false)');
    await client.query('ALTER TABLE visitor_tokens SET (autovacuum_enabled = false)');
    await client.query('ANALYZE visitors, visitor_tokens');
    for (let i = 0; i < VISITORS; i++) tokens.push(randomBytes(24).toString('base64url'));
    visitorIds = await seed.visitors(website, tokens);
  }, 60_000);
  afterAll(() => db.close());

  it('answers each lookup in order: found, unknown, expired, erased, another website', async () => {
    const other = await seed.website();
    const [expired, erased] = [randomBytes(24).toString('base64url'), randomBytes(24).toString('base64url')];
    const [expiredId, erasedId] = await seed.visitors(website, [expired, erased]);
    await client.query(`UPDATE visitor_tokens SET expires_at = now() - interval '1 s' WHERE visitor_id = $1`, [
      expiredId,
    ]);
    await client.query(`UPDATE visitors SET erased_at = now() WHERE id = $1`, [erasedId]);

    const asked = [tokens[0], 'no such token', expired, tokens[1], erased, tokens[2]];
    const found = await repo.visitorIdsByTokens([
      ...asked.map((token) => ({ websiteId: website, tokenHash: hashToken(token) })),
      { websiteId: other, tokenHash: hashToken(tokens[3]) },
    ]);
    expect(found).toEqual([visitorIds[0], null, null, visitorIds[1], null, visitorIds[2], null]);
  });

  it('looks every token up by key, whatever the batch size, on statistics that predate the visitors', async () => {
    for (const size of [1, 50, 100, 500]) {
      const batch = tokens.slice(0, size);
      const text = await plan(client, [
        batch.map(() => website),
        batch.map((token) => hashToken(token).toString('hex')),
      ]);
      expect(text).toContain('visitor_tokens_pkey');
      expect(text).not.toContain('Seq Scan');
    }
  });

  it('keeps no plan from the days the tables were small', async () => {
    // A database of its own, with a few visitors, and one connection whose every plan is sent back
    // as a notice (auto_explain), used by the repository.
    const fresh = await openTestDatabase(1);
    const pool = new Pool({ connectionString: fresh.url, max: 1 });
    const plans: string[] = [];
    const repoOnOne = new VisitorsRepository(new Db(pool));
    try {
      const connection = await pool.connect();
      connection.on('notice', (notice) => plans.push(notice.message ?? ''));
      await connection.query(
        `LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_level = notice`,
      );
      connection.release();
      for (const table of ['visitors', 'visitor_tokens']) {
        await fresh.client.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
      }
      const site = await fresh.seed.website();
      const few = Array.from({ length: 50 }, () => randomBytes(24).toString('base64url'));
      await fresh.seed.visitors(site, few);
      // Enough runs for PostgreSQL to settle on a generic plan, were the statement a named one.
      for (let run = 0; run < 8; run++) {
        const ids = await repoOnOne.visitorIdsByTokens(
          few.map((token) => ({ websiteId: site, tokenHash: hashToken(token) })),
        );
        expect(new Set(ids.filter((id) => typeof id === 'string')).size).toBe(few.length);
      }
      // Then a burst of new visitors, and a storm's batch on the same connection.
      const burst = Array.from({ length: BURST }, () => randomBytes(24).toString('base64url'));
      await fresh.seed.visitors(site, burst);
      plans.length = 0;
      const ids = await repoOnOne.visitorIdsByTokens(
        burst.slice(0, 100).map((token) => ({ websiteId: site, tokenHash: hashToken(token) })),
      );
      expect(ids.every((id) => typeof id === 'string')).toBe(true);
      const used = plans.filter((text) => text.includes('visitor_tokens')).join('\n');
      expect(used).toContain('visitor_tokens_pkey');
      expect(used).not.toContain('Seq Scan');
    } finally {
      await pool.end();
      await fresh.close();
    }
  }, 60_000);
});
