import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { loadConfig } from '../../src/config/app-config';
import { Api, AgentSession, WebsiteInfo } from '../support/api';
import { RedisServer } from '../support/redis-server';
import { Ack, connect, TestSocket } from '../support/sockets';
import { RunningApp, startCluster, TestCluster } from '../support/test-app';
import { admin } from '../support/test-database';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started;
    await sleep(100);
  }
  throw new Error(`${what}: not within ${ms} ms`);
}

const health = async (app: RunningApp) => (await request(app.url).get('/healthz')).status;

describe('outages: Redis and PostgreSQL lost and back, two instances', () => {
  let redis: RedisServer;
  let cluster: TestCluster;
  let one: RunningApp;
  let two: RunningApp;
  let agent: AgentSession;
  let site: WebsiteInfo;
  let db: Client;
  const sockets: TestSocket[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    redis = await RedisServer.start();
    cluster = await startCluster(2, {
      redisUrl: redis.url,
      jwtSecret: randomBytes(32).toString('hex'),
      limits: {
        ...loadConfig({ NODE_ENV: 'test' }).limits,
        visitorMessageBurst: 1_000_000,
        visitorMessagesPerSecond: 1_000_000,
      },
    });
    [one, two] = cluster.instances;
    db = new Client({ connectionString: cluster.db.url });
    db.on('error', () => undefined);
    await db.connect();
    const api = new Api(one.url);
    agent = await api.signup('Agent');
    site = await api.website(agent);
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await db.end();
    await cluster.close();
    await redis.stop();
  });

  async function conversation() {
    const visitor = await new Api(one.url).bootstrap(site.key);
    const visitorSocket = await connect(one.url, { websiteKey: site.key, visitorToken: visitor.visitorToken });
    const localAgent = await connect(one.url, { token: agent.accessToken });
    const remoteAgent = await connect(two.url, { token: agent.accessToken });
    sockets.push(visitorSocket, localAgent, remoteAgent);
    const opened = await visitorSocket.emit('conversation:open', {});
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    return { visitor, visitorSocket, localAgent, remoteAgent, conversationId: opened.conversation.id as string };
  }

  const stored = async (conversationId: string) =>
    (
      await db.query<{ seq: number; client_message_id: string }>(
        'SELECT seq, client_message_id FROM messages WHERE conversation_id = $1 ORDER BY seq',
        [conversationId],
      )
    ).rows;

  it('keeps storing and acking while Redis is killed, says 503, and fans out again once it is back', async () => {
    const { visitor, visitorSocket, localAgent, remoteAgent, conversationId } = await conversation();
    const send = (i: number) =>
      visitorSocket.emit('message:new', { conversationId, body: `m${i}`, clientMessageId: randomUUID() }, 15_000);
    expect((await send(0)).ok).toBe(true);
    await remoteAgent.waitFor('message:new', 1);

    // under load: messages keep going while Redis dies
    const acks: Promise<Ack>[] = [];
    let i = 1;
    const load = setInterval(() => acks.push(send(i++)), 80);
    await sleep(300);
    await redis.kill();
    await until('one says 503', async () => (await health(one)) === 503);
    await until('two says 503', async () => (await health(two)) === 503);
    // A visitor arriving now still gets the chat (shown as away: presence lives in Redis).
    const arriving = await new Api(one.url).bootstrap(site.key);
    expect(arriving.website).toMatchObject({ online: false });
    await sleep(1500);
    clearInterval(load);
    const answered = await Promise.all(acks);
    expect(answered.filter((a) => !a.ok)).toEqual([]);
    const sent = answered.length + 1;
    // stored once each, gapless, while the other instance could not be told
    const rows = await stored(conversationId);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: sent }, (_, n) => n + 1));
    // local delivery went on: the agent on the same instance saw every one
    await localAgent.waitFor('message:new', sent);

    await redis.start();
    await until('one says 200', async () => (await health(one)) === 200);
    await until('two says 200', async () => (await health(two)) === 200);
    // the instances whose subscriber was cut off drop their sockets, so clients catch up
    for (const socket of [visitorSocket, localAgent, remoteAgent])
      await until('sockets disconnected to catch up', async () => !socket.socket.connected);

    const again = await connect(two.url, { token: agent.accessToken });
    const visitorAgain = await connect(one.url, { websiteKey: site.key, visitorToken: visitor.visitorToken });
    sockets.push(again, visitorAgain);
    // what it missed, fetched as a client does after a reconnect
    const seen = remoteAgent.received('message:new').map((m) => m.message.seq as number);
    const caughtUp = await request(two.url)
      .get(`/api/v1/conversations/${conversationId}/messages?afterSeq=${Math.max(...seen)}&limit=200`)
      .set('Authorization', `Bearer ${agent.accessToken}`)
      .expect(200);
    const all = new Set([...seen, ...caughtUp.body.messages.map((m: { seq: number }) => m.seq)]);
    expect(all.size).toBe(sent);
    // fan-out across the two instances works again without a restart
    const ack = await visitorAgain.emit('message:new', {
      conversationId,
      body: 'after',
      clientMessageId: randomUUID(),
    });
    expect(ack.ok).toBe(true);
    // Publishes queued while Redis was away may still arrive late (clients de-duplicate by id);
    // what matters is that the new message crosses to the other instance live.
    await until('the new message reaches the other instance', () =>
      Promise.resolve(again.received('message:new').some((m) => m.message.seq === sent + 1)),
    );
    expect(unhandled).toEqual([]);
  });

  it('answers while Redis is paused (SIGSTOP): 503 from /healthz, acks within the pause, 200 after', async () => {
    const { visitorSocket, remoteAgent, conversationId } = await conversation();
    redis.pause();
    try {
      await until('one says 503', async () => (await health(one)) === 503);
      const started = Date.now();
      const ack = await visitorSocket.emit('message:new', { conversationId, body: 'p', clientMessageId: randomUUID() });
      expect(ack.ok).toBe(true);
      // the per-visitor limit counts locally instead of waiting for Redis
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      redis.resume();
    }
    await until('one says 200', async () => (await health(one)) === 200);
    // nothing was lost: the connection stayed up, Redis delivers what was published in the pause
    await remoteAgent.waitFor('message:new', 1);
    expect(remoteAgent.socket.connected).toBe(true);
    expect(unhandled).toEqual([]);
  });

  it('answers 503 UNAVAILABLE (never 500) while PostgreSQL drops its connections, and recovers', async () => {
    const { visitorSocket, conversationId } = await conversation();
    const agentGet = () =>
      request(one.url)
        .get(`/api/v1/conversations/${conversationId}/messages?limit=5`)
        .set('Authorization', `Bearer ${agent.accessToken}`);
    await agentGet().expect(200);

    // pg_terminate_backend under load: requests in flight fail cleanly, the pool reconnects
    const statuses: number[] = [];
    const retryAfters: string[] = [];
    const acks: Ack[] = [];
    let running = true;
    const load = (async () => {
      while (running) {
        const [res, ack] = await Promise.all([
          agentGet(),
          visitorSocket.emit('message:new', { conversationId, body: 'x', clientMessageId: randomUUID() }),
        ]);
        statuses.push(res.status);
        if (res.status === 503) retryAfters.push(res.headers['retry-after']);
        acks.push(ack);
        // Paced like a real client, under the per-socket limit of 20 events a second.
        await sleep(60);
      }
    })();
    await sleep(200);
    const name = cluster.db.name;
    await admin(async (c) => {
      await c.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
    });
    await sleep(1500);
    await until('one says 503', async () => (await health(one)) === 503);
    await admin((c) => c.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`));
    await until('one says 200', async () => (await health(one)) === 200);
    await sleep(300);
    running = false;
    await load;
    await db.end().catch(() => undefined);
    db = new Client({ connectionString: cluster.db.url });
    await db.connect();

    expect(retryAfters.length).toBeGreaterThan(0);
    expect(retryAfters.every((value) => Number(value) >= 1)).toBe(true);
    expect(new Set(statuses.filter((s) => s !== 200))).toEqual(new Set([503]));
    const failed = acks.filter((a) => !a.ok).map((a) => (a.ok ? '' : a.error.code));
    expect(failed.length).toBeGreaterThan(0);
    expect(new Set(failed)).toEqual(new Set(['UNAVAILABLE']));
    const res = await agentGet();
    expect(res.status).toBe(200);
    const rows = await stored(conversationId);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: rows.length }, (_, n) => n + 1));
    expect(unhandled).toEqual([]);
  });
});
