/**
 * `search`: full-text search over a large history. Seeds `messages` rows (default 1,000,000)
 * straight into PostgreSQL with generate_series, spread over 100 websites with one of them holding
 * 30% of them, then times 20 fixed queries against that website through the API
 * (`GET /websites/:id/search`), and the same words with the old unindexed `ILIKE '%q%'` shape
 * the inbox used before, as the baseline.
 */
import { Client } from 'pg';
import type { Recorder } from './recorder';
import { distribution } from './stats';

export interface SearchProfile {
  messages: number;
  websites: number;
  /** Share of all messages in the one big website. */
  bigShare: number;
  /** Runs of each query (the first one warms the cache and is not counted). */
  runs: number;
}

/** A small vocabulary with a long tail: common words appear in most messages, rare ones in few. */
const COMMON = ['order', 'help', 'please', 'thanks', 'account', 'price', 'time', 'delivery', 'question', 'today'];
const MIDDLE = [
  'refund',
  'invoice',
  'shipping',
  'tracking',
  'number',
  'broken',
  'payment',
  'discount',
  'coupon',
  'login',
];
const RARE = ['zeppelin', 'quokka', 'marzipan', 'xylophone', 'narwhal'];

/** The 20 queries: common, middling and rare words, phrases, exclusions, stems, visitor prefixes. */
export const QUERIES = [
  'order',
  'help please',
  'refund',
  'refunds',
  'invoice',
  'tracking number',
  '"tracking number"',
  'broken -refund',
  'payment failed',
  'discount coupon',
  'zeppelin',
  'quokka',
  'marzipan xylophone',
  'narwhal',
  'login',
  'shipping delivery',
  'visitor1234',
  'visitor77',
  'mail5@',
  'nothingmatchesthis',
];

export async function seed(db: Client, agentId: string, profile: SearchProfile): Promise<string[]> {
  const perConversation = 10;
  const conversations = Math.ceil(profile.messages / perConversation);
  const big = Math.floor(conversations * profile.bigShare);
  const sites = (
    await db.query<{ id: string }>(
      `INSERT INTO websites (name, key) SELECT 'search ' || g, 'pk_search_' || g || '_' || md5(random()::text)
       FROM generate_series(1, $1) g RETURNING id`,
      [profile.websites],
    )
  ).rows.map((r) => r.id);
  await db.query(`INSERT INTO website_members (website_id, agent_id, role) SELECT unnest($1::uuid[]), $2, 'owner'`, [
    sites,
    agentId,
  ]);
  // Conversation n belongs to the big website for n <= big, else to one of the others.
  await db.query(
    `INSERT INTO visitors (website_id, name, email)
     SELECT CASE WHEN g <= $2 THEN ($1::uuid[])[1] ELSE ($1::uuid[])[2 + (g % ($3 - 1))] END,
            'Visitor' || g, 'mail' || g || '@example.com'
     FROM generate_series(1, $4) g`,
    [sites, big, profile.websites, conversations],
  );
  await db.query(
    `INSERT INTO conversations (website_id, visitor_id, last_seq, last_message_at, created_at)
     SELECT v.website_id, v.id, ${perConversation}, now() - (random() * interval '400 days'), now() - interval '400 days'
     FROM visitors v WHERE v.website_id = ANY ($1)`,
    [sites],
  );
  const words = [...COMMON, ...MIDDLE];
  // Words are drawn so the first are frequent; one message in 2,000 also gets a rare word.
  await db.query(
    `INSERT INTO messages (conversation_id, seq, client_message_id, sender_type, sender_visitor_id, body)
     SELECT c.id, s, gen_random_uuid(), 'visitor', c.visitor_id,
            (SELECT string_agg(($1::text[])[1 + floor(power(random(), 2) * array_length($1::text[], 1))::int], ' ')
             FROM generate_series(1, 6 + (s % 5)) w WHERE w > 0 AND c.id IS NOT NULL)
            || CASE WHEN random() < 0.0005 THEN ' ' || ($3::text[])[1 + floor(random() * array_length($3::text[], 1))::int] ELSE '' END
     FROM conversations c CROSS JOIN generate_series(1, ${perConversation}) s
     WHERE c.website_id = ANY ($2)`,
    [words, sites, RARE],
  );
  await db.query('ANALYZE messages');
  await db.query('ANALYZE conversations');
  await db.query('ANALYZE visitors');
  return sites;
}

const ILIKE = `
  SELECT c.id FROM conversations c JOIN visitors v ON v.id = c.visitor_id
  WHERE c.website_id = $1 AND (v.name ILIKE $2 OR v.email ILIKE $2
    OR EXISTS (SELECT 1 FROM messages qm WHERE qm.conversation_id = c.id AND qm.body ILIKE $2))
  ORDER BY c.last_message_at DESC, c.id DESC LIMIT 25`;

export async function searchCase(
  recorder: Recorder,
  db: Client,
  zendoUrl: string,
  agent: { id: string; accessToken: string },
  profile: SearchProfile,
): Promise<void> {
  const started = performance.now();
  const sites = await seed(db, agent.id, profile);
  const seedMs = performance.now() - started;
  const big = sites[0];
  console.log(`  seeded ${profile.messages} messages in ${(seedMs / 1000).toFixed(1)} s`);

  await recorder.measure('search', 'ilike', { ...profile, queries: QUERIES.length }, async () => {
    const times: number[] = [];
    for (const q of QUERIES) {
      const words = q.replace(/["-]/g, '').split(/\s+/)[0];
      for (let run = 0; run < Math.min(profile.runs, 2); run++) {
        const t = performance.now();
        await db.query(ILIKE, [big, `%${words}%`]);
        if (run > 0) times.push(performance.now() - t);
      }
    }
    return { metrics: { ...distribution(times) } };
  });

  await recorder.measure('search', 'zendo', { ...profile, queries: QUERIES.length, seedMs }, async () => {
    const times: number[] = [];
    const perQuery: Record<string, number> = {};
    for (const q of QUERIES) {
      const own: number[] = [];
      for (let run = 0; run < profile.runs; run++) {
        const t = performance.now();
        const res = await fetch(`${zendoUrl}/api/v1/websites/${big}/search?q=${encodeURIComponent(q)}&limit=20`, {
          headers: { Authorization: `Bearer ${agent.accessToken}` },
        });
        if (res.status !== 200) throw new Error(`search "${q}" answered ${res.status}: ${await res.text()}`);
        await res.json();
        if (run > 0) own.push(performance.now() - t);
      }
      times.push(...own);
      perQuery[q] = Math.max(...own);
    }
    return { metrics: { ...distribution(times), perQueryMaxMs: perQuery } };
  });
}
