/**
 * `make chaos`: three Zendo instances over one PostgreSQL database and a Redis of their own, 200
 * conversations talking both ways through widget-like clients, and faults one after another under
 * that load. After each fault it checks against the database and prints one table (also written
 * to chaos/results/). Exits 1 when any check fails.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, ROOT, ServerProcess, sleep, stopAllChildren } from '../bench/processes';
import { ZendoTenants } from '../bench/tenants';
import { RedisServer } from '../test/support/redis-server';
import { ChaosClient } from './client';

const ADMIN_URL = process.env.CHAOS_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CONVERSATIONS = Number(process.env.CHAOS_CONVERSATIONS ?? 200);
const PER_WEBSITE = 20;
/** Conversations one agent socket answers in (each at 1 msg/s stays under 20 events/s per socket). */
const PER_AGENT_SOCKET = 5;
/** Messages per second per conversation, alternating visitor and agent. */
const RATE = Number(process.env.CHAOS_RATE ?? 1);
const SETTLE_MS = 4000;
const PHASE_MS = Number(process.env.CHAOS_PHASE_MS ?? 25_000);
const BACK_WITHIN_MS = 10_000;
const HARD_LIMIT_MS = 9.5 * 60_000;

interface PhaseResult {
  phase: string;
  acked: number;
  lost: number;
  duplicated: number;
  gaps: number;
  undelivered: number;
  shownTwice: number;
  healthDuring: string;
  healthAfter: string;
  backMs: number | null;
  exits: number;
  /** The machine's 1-minute load average at the check (the run's own processes included). */
  load: number;
}

async function main(): Promise<void> {
  const started = Date.now();
  const stamp = new Date()
    .toISOString()
    .replace(/[:.]/g, '-')
    .replace(/-\d{3}Z$/, 'Z');
  const dbName = `zendo_chaos_${stamp.replace(/\D/g, '').slice(0, 14)}_${randomBytes(2).toString('hex')}`;
  const logDir = mkdtempSync(join(tmpdir(), 'zendo-chaos-'));
  console.log(`zendo chaos: database ${dbName}, server logs in ${logDir}`);
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const db = new Client({ connectionString: dbUrl.toString() });
  db.on('error', () => undefined);
  const redis = await RedisServer.start();
  const clients: ChaosClient[] = [];
  let ended = false;
  const cleanup = async () => {
    if (ended) return;
    ended = true;
    clients.forEach((c) => c.close());
    stopAllChildren();
    await redis.stop().catch(() => undefined);
    await db.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  const hardStop = setTimeout(() => {
    console.error('chaos: over the time limit, stopping');
    void cleanup().then(() => process.exit(1));
  }, HARD_LIMIT_MS);
  hardStop.unref();

  try {
    const env = {
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL: redis.url,
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(48).toString('base64url'),
      ZENDO_DATA_DIR: join(logDir, 'data'),
      REDIS_PREFIX: `zendo-chaos-${randomBytes(3).toString('hex')}:`,
      // The run signs its agents up from one address; everything else keeps the default limits.
      AUTH_RATE_LIMIT: '100000',
      // Every client sends an address of its own (X-Forwarded-For), as behind the deployment's proxy.
      TRUST_PROXY: 'loopback',
      ...(process.env.REDIS_ADAPTER ? { REDIS_ADAPTER: process.env.REDIS_ADAPTER } : {}),
    };
    // Fixed ports, so the killed instance comes back where its clients look for it.
    const ports = [await freePort(), await freePort(), await freePort()];
    const instances: ServerProcess[] = [];
    // The first one migrates; the others start on the migrated database.
    for (let i = 0; i < 3; i++) instances.push(await ServerProcess.zendo(env, logDir, `zendo-${i}`, ports[i]));
    const urls = instances.map((s) => s.url);
    let killedByUs = new Set<number>();
    let exits = 0;
    let stopping = false;
    const watch = (server: ServerProcess, i: number) =>
      server.child.once('exit', (code, signal) => {
        if (killedByUs.has(i) || stopping) return;
        exits += 1;
        console.error(`instance ${i} exited on its own (${code ?? signal})`);
      });
    instances.forEach(watch);
    await db.connect();

    // Tenants: agents through the API, visitors straight into the database (the bench's helper).
    const tenants = new ZendoTenants(urls[0], db);
    const websites = Math.ceil(CONVERSATIONS / PER_WEBSITE);
    await tenants.ensureAgents(websites);
    const visitorClients: ChaosClient[] = [];
    const agentClients: ChaosClient[] = [];
    /** conversation → [visitor client, agent client] */
    const pairs = new Map<string, [ChaosClient, ChaosClient]>();
    for (let w = 0; w < websites; w++) {
      const count = Math.min(PER_WEBSITE, CONVERSATIONS - w * PER_WEBSITE);
      const visitors = await tenants.visitors(w, count);
      const key = tenants.websiteKeys[w];
      const wave: ChaosClient[] = visitors.map(
        (v, i) =>
          new ChaosClient(
            `v${w}.${i}`,
            urls,
            w * PER_WEBSITE + i,
            { websiteKey: key, visitorToken: v.token },
            [],
            addressOf(1, w * PER_WEBSITE + i),
          ),
      );
      await Promise.all(wave.map((c) => c.start()));
      visitorClients.push(...wave);
      // Agents of the website, each answering a few of its conversations, on other instances than their visitors.
      const agents = Array.from(
        { length: Math.ceil(count / PER_AGENT_SOCKET) },
        (_, a) =>
          new ChaosClient(
            `a${w}.${a}`,
            urls,
            w + a + 1,
            { token: tenants.agentToken(w) },
            [],
            addressOf(2, w * 100 + a),
          ),
      );
      await Promise.all(agents.map((a) => a.start()));
      agentClients.push(...agents);
      await Promise.all(
        wave.map(async (visitor, i) => {
          const ack = (await visitor.socket!.timeout(10_000).emitWithAck('conversation:open', {})) as {
            ok: boolean;
            conversation: { id: string };
          };
          if (!ack.ok) throw new Error(`conversation:open: ${JSON.stringify(ack)}`);
          const id = ack.conversation.id;
          visitor.adopt(id);
          const agent = agents[Math.floor(i / PER_AGENT_SOCKET)];
          agent.adopt(id);
          pairs.set(id, [visitor, agent]);
        }),
      );
    }
    clients.push(...visitorClients, ...agentClients);
    console.log(
      `${pairs.size} conversations, ${visitorClients.length} visitor and ${agentClients.length} agent sockets over 3 instances (${Math.round((Date.now() - started) / 1000)} s)`,
    );

    // Load: every conversation sends RATE msgs/s, visitor and agent in turn, from a random phase.
    const lastSlot = new Map<number, number>();
    const conversations = [...pairs.entries()];
    const offsets = conversations.map(() => Math.random());
    const periodMs = 1000 / RATE;
    const loadTimer = setInterval(() => {
      const now = Date.now();
      conversations.forEach(([id, [visitor, agent]], i) => {
        const slot = Math.floor(now / periodMs + offsets[i]);
        if (lastSlot.get(i) === slot) return;
        lastSlot.set(i, slot);
        (slot % 2 === 0 ? visitor : agent).send(id, `chaos ${slot}`);
      });
    }, 50);

    // /healthz of every live instance, four times a second.
    const health: { at: number; statuses: number[] }[] = [];
    const healthTimer = setInterval(() => {
      const at = Date.now();
      void Promise.all(
        urls.map((u, i) =>
          killedByUs.has(i)
            ? Promise.resolve(0)
            : fetch(`${u}/healthz`, { signal: AbortSignal.timeout(5000) }).then(
                (r) => r.status,
                () => -1,
              ),
        ),
      ).then((statuses) => health.push({ at, statuses }));
    }, 250);

    const connectedShare = () => clients.filter((c) => c.connected).length / clients.length;
    /** ms from `from` until 99% of sockets are connected (sampled), or null if not within the phase. */
    async function timeBack(from: number, untilMs: number): Promise<number | null> {
      await sleep(300);
      do {
        if (connectedShare() >= 0.99) return Date.now() - from;
        await sleep(50);
      } while (Date.now() - from < untilMs);
      return null;
    }

    const results: PhaseResult[] = [];
    const shownTwiceTotal = () => clients.reduce((n, c) => n + c.duplicateLive, 0);
    let shownBefore = 0;
    let exitsBefore = 0;

    async function check(phase: string, faultAt: number, outageEnd: number | null, backMs: number | null) {
      const cutoff = Date.now() - SETTLE_MS;
      // Deliveries still due get the settle time; then what the clients hold is compared with the database.
      await sleep(SETTLE_MS);
      // What was acked before the rows are read (acks that come later are checked next time).
      const ackedNow = clients.flatMap((c) => [...c.acked.keys()]);
      const { rows } = await db.query<{
        conversation_id: string;
        id: string;
        seq: number;
        client_message_id: string;
        at: Date;
      }>(
        `SELECT conversation_id, id, seq, client_message_id, created_at AS at FROM messages
         WHERE conversation_id = ANY($1::uuid[])`,
        [[...pairs.keys()]],
      );
      const byCmid = new Map<string, number>();
      const seqs = new Map<string, number[]>();
      for (const r of rows) {
        byCmid.set(r.client_message_id, (byCmid.get(r.client_message_id) ?? 0) + 1);
        const list = seqs.get(r.conversation_id) ?? [];
        list.push(r.seq);
        seqs.set(r.conversation_id, list);
      }
      let acked = 0;
      let lost = 0;
      for (const cmid of ackedNow) {
        acked += 1;
        if (!byCmid.has(cmid)) lost += 1;
      }
      const duplicated = [...byCmid.values()].filter((n) => n > 1).length;
      let gaps = 0;
      for (const list of seqs.values()) {
        list.sort((a, b) => a - b);
        list.forEach((s, i) => {
          if (s !== i + 1) gaps += 1;
        });
      }
      // Every stored message older than the cutoff is held by both of its conversation's clients.
      let undelivered = 0;
      const missing = { visitor: 0, agent: 0, disconnected: 0, catchingUp: 0 };
      for (const r of rows) {
        if (r.at.getTime() > cutoff) continue;
        for (const c of pairs.get(r.conversation_id)!)
          if (!c.held.get(r.conversation_id)?.has(r.id)) {
            undelivered += 1;
            missing[c.name.startsWith('v') ? 'visitor' : 'agent'] += 1;
            if (!c.connected) missing.disconnected += 1;
            if (c.catchingUp) missing.catchingUp += 1;
          }
      }
      if (undelivered) {
        const away = clients.filter((c) => !c.connected).map((c) => `${c.name}@${c.url}`);
        console.log(`  not yet held: ${JSON.stringify(missing)}; disconnected: ${away.join(' ') || 'none'}`);
      }
      const during = health.filter((h) => h.at >= faultAt && (outageEnd === null || h.at <= outageEnd));
      const after = health.filter((h) => h.at >= cutoff).slice(-8);
      const saw503 = during.some((h) => h.statuses.some((s) => s === 503 || s === -1));
      // 200 from every live instance in one of the last samples before the check
      const allOk = after.some((h) => h.statuses.every((s, i) => killedByUs.has(i) || s === 200));
      const shown = shownTwiceTotal();
      results.push({
        phase,
        acked,
        lost,
        duplicated,
        gaps,
        undelivered,
        shownTwice: shown - shownBefore,
        healthDuring: outageEnd === null ? '–' : saw503 ? '503' : 'no 503',
        healthAfter: allOk ? '200' : 'not 200',
        backMs,
        exits: exits - exitsBefore,
        load: Math.round(loadavg()[0] * 100) / 100,
      });
      shownBefore = shown;
      exitsBefore = exits;
      console.log(formatRow(results[results.length - 1]));
    }

    console.log(header());
    await sleep(PHASE_MS / 2);
    await check('steady load', Date.now(), null, 0);

    // 1. kill -9 one instance: its clients move to the other two.
    let at = Date.now();
    killedByUs.add(2);
    instances[2].child.kill('SIGKILL');
    let back = await timeBack(at, PHASE_MS);
    await sleep(Math.max(0, PHASE_MS - (Date.now() - at)));
    await check('kill -9 instance 3', at, null, back);

    // 2. Redis killed and started again 3 s later.
    at = Date.now();
    await redis.kill();
    await sleep(3000);
    await redis.start();
    let end = Date.now();
    back = await timeBack(at, PHASE_MS);
    await sleep(Math.max(0, PHASE_MS - (Date.now() - at)));
    await check('restart Redis', at, end, back);

    // 3. Redis paused 5 s (SIGSTOP / SIGCONT).
    at = Date.now();
    redis.pause();
    await sleep(5000);
    redis.resume();
    end = Date.now();
    back = await timeBack(at, PHASE_MS);
    await sleep(Math.max(0, PHASE_MS - (Date.now() - at)));
    await check('pause Redis 5 s', at, end, back);

    // 4. The API's PostgreSQL backends terminated, new connections refused for 3 s.
    at = Date.now();
    await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [dbName],
    );
    await sleep(3000);
    await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
    end = Date.now();
    await db.end().catch(() => undefined);
    const fresh = new Client({ connectionString: dbUrl.toString() });
    fresh.on('error', () => undefined);
    await fresh.connect();
    Object.assign(db, { query: fresh.query.bind(fresh), end: fresh.end.bind(fresh) });
    back = await timeBack(at, PHASE_MS);
    await sleep(Math.max(0, PHASE_MS - (Date.now() - at)));
    await check('terminate PG backends', at, end, back);

    // 5. The killed instance starts again on its port.
    // Its clients already moved to the other two: what counts is that nobody is cut off meanwhile.
    at = Date.now();
    const sampled = timeBack(at, PHASE_MS);
    instances[2] = await ServerProcess.zendo(env, logDir, 'zendo-2', ports[2]);
    killedByUs = new Set([...killedByUs].filter((i) => i !== 2));
    watch(instances[2], 2);
    back = await sampled;
    await sleep(Math.max(0, PHASE_MS - (Date.now() - at)));
    await check('restart instance 3', at, null, back);

    // The end: load stops, outboxes drain, every client catches up once more, then the final check.
    clearInterval(loadTimer);
    const drainUntil = Date.now() + 20_000;
    while (Date.now() < drainUntil && clients.some((c) => c.unacked > 0)) await sleep(100);
    clients.forEach((c) => c.catchUpAll());
    while (Date.now() < drainUntil && clients.some((c) => c.catchingUp > 0)) await sleep(100);
    await check('end (drained)', Date.now(), null, connectedShare() >= 0.99 ? 0 : null);
    clearInterval(healthTimer);
    const unacked = clients.reduce((n, c) => n + c.unacked, 0);
    const ackErrors: Record<string, number> = {};
    for (const c of clients) for (const [k, v] of Object.entries(c.ackErrors)) ackErrors[k] = (ackErrors[k] ?? 0) + v;
    const connectErrors: Record<string, number> = {};
    for (const c of clients)
      for (const [k, v] of Object.entries(c.connectErrors)) connectErrors[k] = (connectErrors[k] ?? 0) + v;
    const catchUpErrors: Record<string, number> = {};
    for (const c of clients)
      for (const [k, v] of Object.entries(c.catchUpErrors)) catchUpErrors[k] = (catchUpErrors[k] ?? 0) + v;

    const failed = results.filter(
      (r) =>
        r.lost ||
        r.duplicated ||
        r.gaps ||
        r.undelivered ||
        r.shownTwice ||
        r.exits ||
        r.healthAfter !== '200' ||
        r.healthDuring === 'no 503' ||
        r.backMs === null ||
        r.backMs > BACK_WITHIN_MS,
    );
    const table = [
      header(),
      ...results.map(formatRow),
      '',
      `${pairs.size} conversations at ${RATE} msg/s each over 3 instances, ${clients.length} sockets; ` +
        `${cpus().length} cores, load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')} at the end; ` +
        `${Math.round((Date.now() - started) / 1000)} s; unacked at the end: ${unacked}; ` +
        `acks refused or missed (then sent again): ${JSON.stringify(ackErrors)}; ` +
        `catch-ups refused (then tried again): ${JSON.stringify(catchUpErrors)}; ` +
        `connection attempts failed: ${JSON.stringify(connectErrors)}`,
      failed.length ? `FAILED: ${failed.map((r) => r.phase).join(', ')}` : 'PASSED: every check held after every fault',
    ].join('\n');
    console.log(`\n${table}`);
    const dir = join(ROOT, 'chaos', 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${stamp}.md`);
    writeFileSync(file, `# make chaos, ${stamp}\n\n\`\`\`\n${table}\n\`\`\`\n`);
    writeFileSync(
      join(dir, `${stamp}.json`),
      JSON.stringify({ stamp, results, unacked, ackErrors, catchUpErrors, connectErrors }, null, 2),
    );
    copyFileSync(file, join(dir, 'latest.md'));
    process.exitCode = failed.length || unacked ? 1 : 0;
    stopping = true;
  } finally {
    await cleanup();
  }
}

/** An address of its own for client `n` of a kind (198.18.0.0/15, the range kept for benchmarks). */
function addressOf(kind: 1 | 2, n: number): string {
  return `198.${17 + kind}.${Math.floor(n / 250)}.${(n % 250) + 1}`;
}

const COLUMNS: [keyof PhaseResult, string, number][] = [
  ['phase', 'phase', 22],
  ['acked', 'acked', 7],
  ['lost', 'lost', 5],
  ['duplicated', 'dup', 4],
  ['gaps', 'gaps', 5],
  ['undelivered', 'undeliv', 8],
  ['shownTwice', 'twice', 6],
  ['healthDuring', 'hz during', 10],
  ['healthAfter', 'hz after', 9],
  ['backMs', '99% back', 9],
  ['exits', 'exits', 5],
  ['load', 'load', 5],
];

function header(): string {
  return COLUMNS.map(([, title, width]) => title.padEnd(width)).join(' | ');
}

function formatRow(r: PhaseResult): string {
  return COLUMNS.map(([key, , width]) => {
    const value = r[key];
    const text =
      key === 'backMs' ? (value === null ? '> phase' : `${((value as number) / 1000).toFixed(1)} s`) : String(value);
    return text.padEnd(width);
  }).join(' | ');
}

main().catch((error: unknown) => {
  console.error(error);
  stopAllChildren();
  process.exit(1);
});
