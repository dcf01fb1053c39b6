/**
 * `make bench`: Zendo against a bare Socket.IO relay and PostgreSQL's own limit, in one run.
 * Writes bench/results/<timestamp>.json and .md (and latest.*), prints the table.
 * BENCH_QUICK=1 runs a shortened version (under a minute).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Client } from 'pg';
import { connectionsCase } from './connection-scenario';
import { machineInfo } from './machine';
import { latencyCase, overloadCase, throughputCase } from './message-scenarios';
import { consoleBytesCase, startCase, widgetCase } from './page-scenarios';
import { PG_SCRIPTS, runPgbench, seedPgBaseline } from './pg-baseline';
import { ServerProcess, stopAllChildren, ZENDO_ROOT } from './processes';
import { FULL, QUICK } from './profiles';
import { Recorder } from './recorder';
import { BenchResults, writeResults } from './report';
import { searchCase } from './search-scenario';
import { RelayTenants, ZendoTenants } from './tenants';

const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// A database index of its own, so rate-limit counters never meet those of tests running alongside.
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/9';
const HARD_LIMIT_MS = 14 * 60_000;

let cleanup: () => Promise<void> = async () => undefined;

function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

const endpoints = (visitors: ServerProcess, agents = visitors) => ({ visitorUrl: visitors.url, agentUrl: agents.url });

/** BENCH_ONLY=pg,latency,throughput,overload,fanout,connections,search,pages runs a subset (for working on one scenario). */
const only = new Set((process.env.BENCH_ONLY ?? '').split(',').filter(Boolean));
const wanted = (scenario: string) => only.size === 0 || only.has(scenario);

async function main(): Promise<void> {
  const profile = process.env.BENCH_QUICK === '1' ? QUICK : FULL;
  const started = new Date();
  const stamp = started
    .toISOString()
    .replace(/[:.]/g, '-')
    .replace(/-\d{3}Z$/, 'Z');
  const dbName = `zendo_bench_${stamp.replace(/\D/g, '').slice(0, 14)}_${randomBytes(2).toString('hex')}`;
  const logDir = mkdtempSync(join(tmpdir(), 'zendo-bench-'));
  console.log(`zendo bench (${profile.name}): database ${dbName}, server logs in ${logDir}`);

  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = databaseUrl(dbName);
  const db = new Client({ connectionString: url });
  let cleaned = false;
  cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    stopAllChildren();
    await db.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  };

  const recorder = new Recorder(admin, dbName);
  const zendoEnv = {
    DATABASE_URL: url,
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(48).toString('base64url'),
    ZENDO_DATA_DIR: join(logDir, 'data'),
    REDIS_PREFIX: `zendo-bench-${randomBytes(3).toString('hex')}:`,
    WS_CONNECT_RATE_LIMIT: '10000000',
    AUTH_RATE_LIMIT: '100000',
    // 200 conversations carry thousands of messages a second, 10-60 per visitor: far past what one
    // person types, so the per-visitor limit (10/s) would refuse the load being measured.
    VISITOR_MESSAGE_RATE: '100000',
    VISITOR_MESSAGE_BURST: '1000000',
    ...(process.env.DB_POOL_SIZE ? { DB_POOL_SIZE: process.env.DB_POOL_SIZE } : {}),
  };
  const settings = await admin.query<{ name: string; setting: string }>(
    `SELECT name, setting FROM pg_settings
     WHERE name IN ('synchronous_commit', 'fsync', 'wal_sync_method', 'commit_delay', 'shared_buffers', 'max_connections')`,
  );
  const results: BenchResults = {
    startedAt: started.toISOString(),
    finishedAt: '',
    profile: profile.name,
    machine: machineInfo(),
    postgres: {
      version: (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version,
      settings: Object.fromEntries(settings.rows.map((r) => [r.name, r.setting])),
    },
    zendo: { dbPoolSize: process.env.DB_POOL_SIZE ?? 'default (20)', root: ZENDO_ROOT },
    only: [...only],
    cases: recorder.cases,
    summary: [],
  };

  try {
    let zendo = await ServerProcess.zendo(zendoEnv, logDir, 'zendo');
    const relay = await ServerProcess.relay({}, logDir, 'relay');
    await db.connect();
    const zendoSide = new ZendoTenants(zendo.url, db);
    const relaySide = new RelayTenants();
    const websites = Math.ceil(
      Math.max(...profile.latency.conversations, profile.throughput.conversations, profile.fanout?.conversations ?? 0) /
        50,
    );
    console.log(`setting up ${websites} agents, each with a website`);
    await zendoSide.ensureAgents(websites);

    if (wanted('pg')) {
      console.log('database baseline (pgbench)');
      await seedPgBaseline(db, 200);
      for (const script of PG_SCRIPTS.slice(0, profile.pg.scripts)) {
        await recorder.measure('pg', 'postgres', { script, ...profile.pg }, async () => ({
          metrics: { ...(await runPgbench(url, 200, script, profile.pg.clients, profile.pg.seconds)) },
        }));
      }
    }

    for (const conversations of wanted('latency') ? profile.latency.conversations : []) {
      console.log(`latency, ${conversations} conversations at 1 msg/s`);
      await latencyCase(
        recorder,
        `latency-${conversations}`,
        relaySide,
        endpoints(relay),
        conversations,
        profile.latency,
      );
      await zendoSide.refreshTokens();
      await latencyCase(
        recorder,
        `latency-${conversations}`,
        zendoSide,
        endpoints(zendo),
        conversations,
        profile.latency,
      );
    }

    let sustained: number | null = null;
    if (wanted('throughput')) {
      console.log(`throughput, ${profile.throughput.conversations} conversations, stepped up`);
      await throughputCase(recorder, relaySide, endpoints(relay), profile.throughput);
      await zendoSide.refreshTokens();
      sustained = (await throughputCase(recorder, zendoSide, endpoints(zendo), profile.throughput)).sustained;
    }

    if (wanted('overload')) {
      console.log(
        `overload, ${profile.overload.conversations} conversations at ${profile.overload.factor}× the sustainable rate`,
      );
      await zendoSide.refreshTokens();
      await overloadCase(recorder, zendoSide, endpoints(zendo), profile.overload, sustained);
    }
    await relay.stop();
    await zendo.stop();

    if (profile.fanout && wanted('fanout')) {
      const n = profile.fanout.conversations;
      console.log(`fan-out, ${n} conversations, two instances over Redis: visitors on one, agents on the other`);
      const relays = [
        await ServerProcess.relay({ REDIS_URL }, logDir, 'relay-a'),
        await ServerProcess.relay({ REDIS_URL }, logDir, 'relay-b'),
      ];
      await latencyCase(recorder, `fanout-${n}`, relaySide, endpoints(relays[0], relays[1]), n, profile.latency);
      await Promise.all(relays.map((r) => r.stop()));
      const zendos = [
        await ServerProcess.zendo({ ...zendoEnv, REDIS_URL }, logDir, 'zendo-a'),
        await ServerProcess.zendo({ ...zendoEnv, REDIS_URL }, logDir, 'zendo-b'),
      ];
      zendoSide.useInstance(zendos[0].url);
      await zendoSide.refreshTokens();
      await latencyCase(recorder, `fanout-${n}`, zendoSide, endpoints(zendos[0], zendos[1]), n, profile.latency);
      await Promise.all(zendos.map((z) => z.stop()));
    }

    const { sockets, restart } = profile.connections;
    if (wanted('connections')) {
      console.log(`connections: ${sockets} idle visitor sockets on one instance${restart ? ', then a restart' : ''}`);
      await connectionsCase(recorder, {
        side: relaySide,
        start: (port) => ServerProcess.relay({}, logDir, 'relay-connections', port),
        catchUp: false,
        profile: profile.connections,
      });
      await connectionsCase(recorder, {
        side: zendoSide,
        start: async (port) => {
          const server = await ServerProcess.zendo(zendoEnv, logDir, 'zendo-connections', port);
          zendoSide.useInstance(server.url);
          await zendoSide.refreshTokens();
          return server;
        },
        catchUp: true,
        profile: profile.connections,
      });
    }

    if (wanted('search')) {
      console.log(`search over ${profile.search.messages} messages`);
      zendo = await ServerProcess.zendo(zendoEnv, logDir, 'zendo-search');
      zendoSide.useInstance(zendo.url);
      await zendoSide.refreshTokens();
      await searchCase(recorder, db, zendo.url, zendoSide.agentForSearch(), profile.search);
      await zendo.stop();
    }

    if (wanted('pages')) {
      console.log('widget and console');
      zendo = await ServerProcess.zendo(zendoEnv, logDir, 'zendo-widget');
      await widgetCase(recorder, zendo.url, zendoSide.websiteKeys[0], profile.widget.loads);
      await zendo.stop();
      await consoleBytesCase(recorder);
      await startCase(recorder, zendoEnv, profile.start.runs);
    }
  } finally {
    results.finishedAt = new Date().toISOString();
    await cleanup();
  }
  const { table, files } = writeResults(results, stamp, only.size > 0);
  console.log(`\n${table}`);
  console.log(`written: ${files.map((f) => relative(process.cwd(), f)).join(', ')}`);
}

const deadline = setTimeout(() => {
  console.error('bench: hard time limit reached, stopping');
  void cleanup().finally(() => process.exit(2));
}, HARD_LIMIT_MS);
deadline.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));
}
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    void cleanup().finally(() => process.exit(1));
  },
);
