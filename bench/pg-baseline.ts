import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

const BODY = `{"g":0,"p":0,"c":0,"s":0,"t":0,"x":"Hello, I have a question about my order, could someone help me please?"}`;

export interface PgbenchResult {
  script: string;
  clients: number;
  seconds: number;
  tps: number;
  rowsPerSecond: number;
  latencyAvgMs: number | null;
  failed: number;
}

/** The conversations the database baseline writes into, apart from the ones the scenarios use. */
export async function seedPgBaseline(db: Client, conversations: number): Promise<void> {
  await db.query(`CREATE TABLE IF NOT EXISTS bench_pg_conversations (
    i int PRIMARY KEY, set_name text NOT NULL, conversation_id uuid NOT NULL, visitor_id uuid NOT NULL)`);
  await db.query('CREATE SEQUENCE IF NOT EXISTS bench_pg_seq');
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO websites (name, key) VALUES ('pgbench', 'pk_bench_' || md5(random()::text)) RETURNING id`,
  );
  const website = rows[0].id;
  // Two sets: one for plain inserts (seq from a sequence), one for the lock + insert + bump transaction.
  for (const [set, base] of [
    ['plain', 0],
    ['locked', conversations],
  ] as const) {
    await db.query(
      `WITH v AS (
         INSERT INTO visitors (website_id) SELECT $1 FROM generate_series(1, $2)
         RETURNING id),
       c AS (
         INSERT INTO conversations (website_id, visitor_id) SELECT $1, id FROM v RETURNING id, visitor_id)
       INSERT INTO bench_pg_conversations (i, set_name, conversation_id, visitor_id)
       SELECT $3 + row_number() OVER (), $4, id, visitor_id FROM c`,
      [website, conversations, base, set],
    );
  }
}

export const PG_SCRIPTS = ['single-row INSERT', '10-row INSERT', 'lock + INSERT + bump (one message)'] as const;
export type PgScript = (typeof PG_SCRIPTS)[number];

function scripts(conversations: number): Record<PgScript, { sql: string; rows: number }> {
  const pick = `\\set i random(1, ${conversations})`;
  const pickLocked = `\\set i random(${conversations + 1}, ${conversations * 2})`;
  const columns = 'conversation_id, seq, client_message_id, sender_type, sender_visitor_id, body';
  return {
    'single-row INSERT': {
      rows: 1,
      sql: `${pick}
INSERT INTO messages (${columns})
SELECT conversation_id, nextval('bench_pg_seq'), gen_random_uuid(), 'visitor', visitor_id, '${BODY}'
FROM bench_pg_conversations WHERE i = :i;
`,
    },
    '10-row INSERT': {
      rows: 10,
      sql: `${pick}
INSERT INTO messages (${columns})
SELECT conversation_id, nextval('bench_pg_seq'), gen_random_uuid(), 'visitor', visitor_id, '${BODY}'
FROM bench_pg_conversations, generate_series(1, 10) WHERE i = :i;
`,
    },
    'lock + INSERT + bump (one message)': {
      rows: 1,
      sql: `${pickLocked}
BEGIN;
SELECT c.last_seq + 1 AS next_seq
FROM conversations c JOIN bench_pg_conversations b ON b.conversation_id = c.id WHERE b.i = :i FOR UPDATE OF c \\gset
INSERT INTO messages (${columns})
SELECT conversation_id, :next_seq, gen_random_uuid(), 'visitor', visitor_id, '${BODY}' FROM bench_pg_conversations WHERE i = :i;
UPDATE conversations SET last_seq = :next_seq, last_message_at = now()
WHERE id = (SELECT conversation_id FROM bench_pg_conversations WHERE i = :i);
COMMIT;
`,
    },
  };
}

function pgbench(url: URL, file: string, clients: number, seconds: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const args = [
      '-n',
      '-h',
      url.hostname,
      '-p',
      url.port || '5432',
      '-U',
      decodeURIComponent(url.username || 'postgres'),
      '-c',
      String(clients),
      '-j',
      '2',
      '-T',
      String(seconds),
      '-f',
      file,
      url.pathname.slice(1),
    ];
    const child = spawn('/usr/bin/pgbench', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), (seconds + 30) * 1000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`pgbench exited with ${code}: ${out.slice(-2000)}`));
    });
  });
}

/** The database's own limit for the message table: pgbench running one script. */
export async function runPgbench(
  databaseUrl: string,
  conversations: number,
  name: PgScript,
  clients: number,
  seconds: number,
): Promise<PgbenchResult> {
  const script = scripts(conversations)[name];
  const file = join(mkdtempSync(join(tmpdir(), 'zendo-pgbench-')), 'script.sql');
  writeFileSync(file, script.sql);
  const out = await pgbench(new URL(databaseUrl), file, clients, seconds);
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1] ?? NaN);
  const latency = /latency average = ([\d.]+) ms/.exec(out);
  return {
    script: name,
    clients,
    seconds,
    tps: Math.round(tps),
    rowsPerSecond: Math.round(tps * script.rows),
    latencyAvgMs: latency ? Number(latency[1]) : null,
    failed: Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0),
  };
}
