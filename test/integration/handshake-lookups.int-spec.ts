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

/** Visitors of one website, one token each, in one statement (as a burst of first visits leaves them). */
async function insertVisitors(client: Client, website: string, tokens: string[]): Promise<void> {
  await client.query(
    `WITH v AS (INSERT INTO visitors (website_id) SELECT $1 FROM generate_series(1, $2) RETURNING id),
          n AS (SELECT id, row_number() OVER () AS i FROM v)
     INSERT INTO visitor_tokens (token_hash, visitor_id, website_id, expires_at)
     SELECT h, n.id, $1, now() + interval '1 day' FROM n JOIN unnest($3::bytea[]) WITH ORDINALITY AS t(h, i) USING (i)`,
    [website, tokens.length, tokens.map(hashToken)],
  );
}

describe('handshake visitor lookups in batches', () => {
  let db: TestDatabase;
  let client: Client;
  let seed: Seed;
  let repo: VisitorsRepository;
  let website: string;
  const tokens: string[] = [];

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
    await insertVisitors(client, website, tokens);
  }, 60_000);
  afterAll(() => db.close());

  it('answers each lookup in order: found, unknown, expired, erased, another website', async () => {
    const other = await seed.website();
    const expired = randomBytes(24).toString('base64url');
    const expiredId = await seed.visitor(website);
    await client.query(
      `UPDATE visitor_tokens SET token_hash = $1, expires_at = now() - interval '1 s' WHERE visitor_id = $2`,
      [hashToken(expired), expiredId],
    );
    const erased = randomBytes(24).toString('base64url');
    const erasedId = await seed.visitor(website);
    await client.query(`UPDATE visitor_tokens SET token_hash = $1 WHERE visitor_id = $2`, [
      hashToken(erased),
      erasedId,
    ]);
    await client.query(`UPDATE visitors SET erased_at = now() WHERE id = $1`, [erasedId]);

    const asked = [tokens[0], 'no such token', expired, tokens[1], erased, tokens[2]];
    const ids = await repo.visitorIdsByTokens([
      ...asked.map((token) => ({ websiteId: website, tokenHash: hashToken(token) })),
      { websiteId: other, tokenHash: hashToken(tokens[3]) },
    ]);
    const { rows } = await client.query(
      `SELECT t.visitor_id FROM unnest($1::bytea[]) WITH ORDINALITY AS a(h, i) JOIN visitor_tokens t ON t.token_hash = a.h ORDER BY a.i`,
      [[tokens[0], tokens[1], tokens[2]].map(hashToken)],
    );
    const [first, second, third] = rows.map((row) => row.visitor_id);
    expect(ids).toEqual([first, null, null, second, null, third, null]);
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
      await insertVisitors(fresh.client, site, few);
      // Enough runs for PostgreSQL to settle on a generic plan, were the statement a named one.
      for (let run = 0; run < 8; run++) {
        const ids = await repoOnOne.visitorIdsByTokens(
          few.map((token) => ({ websiteId: site, tokenHash: hashToken(token) })),
        );
        expect(new Set(ids.filter((id) => typeof id === 'string')).size).toBe(few.length);
      }
      // Then a burst of new visitors, and a storm's batch on the same connection.
      const burst = Array.from({ length: BURST }, () => randomBytes(24).toString('base64url'));
      await insertVisitors(fresh.client, site, burst);
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
