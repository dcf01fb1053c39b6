import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { loadConfig } from '../../src/config/app-config';
import { Api, AgentSession, WebsiteInfo } from '../support/api';
import { RedisCluster } from '../support/redis-cluster';
import { connect, TestSocket } from '../support/sockets';
import { team, until } from '../support/team';
import { RunningApp, startCluster, TestCluster } from '../support/test-app';

/**
 * Two instances over a Redis Cluster of three masters (the machine's redis-server on loopback
 * ports): fan-out through sharded pub/sub, and everything else kept in Redis (rate limits,
 * presence, revocation) working with keys spread over the nodes.
 */
describe('two instances over a Redis Cluster (sharded pub/sub)', () => {
  let redis: RedisCluster;
  let cluster: TestCluster;
  let one: RunningApp;
  let two: RunningApp;
  let agent: AgentSession;
  let site: WebsiteInfo;
  const prefix = `zendo-test-${randomBytes(4).toString('hex')}:`;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    redis = await RedisCluster.start(3);
    const nodes = loadConfig({ NODE_ENV: 'test', REDIS_CLUSTER_NODES: redis.nodes }).redisCluster;
    cluster = await startCluster(2, {
      redisUrl: null,
      redisCluster: nodes,
      redisPrefix: prefix,
      authRateLimit: 5,
      presenceGraceMs: 300,
      jwtSecret: randomBytes(32).toString('hex'),
      limits: { ...loadConfig({ NODE_ENV: 'test' }).limits, visitorMessageBurst: 1000 },
    });
    [one, two] = cluster.instances;
    agent = await new Api(one.url).signup('Agent');
    site = await new Api(one.url).website(agent);
  }, 60_000);
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await cluster?.close();
    await redis?.stop();
  });

  const open = async (url: string, auth: Record<string, unknown>) => {
    const socket = await connect(url, auth);
    sockets.push(socket);
    return socket;
  };

  it('reports Redis in /healthz', async () => {
    const res = await request(two.url).get('/healthz').expect(200);
    expect(res.body.checks).toEqual({ database: 'up', redis: 'up' });
  });

  it('delivers 300 messages both ways exactly once and in seq order, visitor on one instance, agent on the other', async () => {
    const visitor = await new Api(one.url).bootstrap(site.key);
    const visitorAuth = { websiteKey: site.key, visitorToken: visitor.visitorToken };
    const visitorSockets = await Promise.all([1, 2, 3].map(() => open(one.url, visitorAuth)));
    const agentSockets = await Promise.all([1, 2, 3].map(() => open(two.url, { token: agent.accessToken })));
    const opened = await visitorSockets[0].emit('conversation:open', {});
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const conversationId = opened.conversation.id;
    await agentSockets[0].waitFor('conversation:open', 1);

    const started = Date.now();
    const sends: Promise<unknown>[] = [];
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 3; i++) {
        for (const [side, socket] of [
          ['v', visitorSockets[i]],
          ['a', agentSockets[i]],
        ] as const) {
          sends.push(
            socket.emit('message:new', { conversationId, body: `${side}${round}.${i}`, clientMessageId: randomUUID() }),
          );
        }
      }
      await new Promise((r) => setTimeout(r, 60));
    }
    const acks = (await Promise.all(sends)) as { ok: boolean }[];
    expect(acks.filter((a) => !a.ok)).toEqual([]);

    for (const socket of [...visitorSockets, ...agentSockets]) {
      await socket.waitFor('message:new', 300, 20_000);
      await socket.during('message:new', 200);
      const seqs = socket.received('message:new').map((m) => m.message.seq);
      expect(seqs).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    }
    console.info(`Redis Cluster: 300 messages both ways delivered to 6 sockets in ${Date.now() - started} ms`);

    // The adapter's channels are shard channels (SSUBSCRIBE), owned by one node each.
    const shardChannels = await Promise.all(redis.ports.map((port) => redis.cli(port, 'pubsub', 'shardchannels')));
    expect(shardChannels.join('\n')).toContain(`${prefix}socket.io#/#`);
    const plainChannels = await Promise.all(redis.ports.map((port) => redis.cli(port, 'pubsub', 'channels')));
    expect(plainChannels.join('').trim()).toBe('');
  });

  it('shows an agent on one instance online from the other, and offline once they leave', async () => {
    const { owner, members } = await team(new Api(one.url), cluster.db.url, ['agent'], 'Cluster team');
    const [alice] = members;
    const statusOf = (socket: TestSocket) =>
      socket
        .received('presence')
        .filter((p) => p.agentId === alice.agent.id)
        .at(-1)?.status;
    const onTwo = await open(two.url, { token: owner.accessToken });
    const aliceOnOne = await open(one.url, { token: alice.accessToken });
    await until('alice online, seen from two', () => statusOf(onTwo) === 'online');
    expect(await aliceOnOne.emit('presence:set', { status: 'away' })).toEqual({ ok: true, status: 'away' });
    await until('alice away, seen from two', () => statusOf(onTwo) === 'away');
    expect(await aliceOnOne.emit('presence:set', { status: 'online' })).toEqual({ ok: true, status: 'online' });
    await until('alice online again, seen from two', () => statusOf(onTwo) === 'online');
    aliceOnOne.close();
    await until('alice offline, seen from two', () => statusOf(onTwo) === 'offline');
  });

  it('disconnects an agent on every instance when their session is revoked', async () => {
    const session = await new Api(one.url).signup('Leaver');
    const onOne = await open(one.url, { token: session.accessToken });
    const onTwo = await open(two.url, { token: session.accessToken });
    const gone = (s: TestSocket) => new Promise<string>((resolve) => s.socket.once('disconnect', resolve));
    const [first, second] = [gone(onOne), gone(onTwo)];
    await request(one.url).post('/api/v1/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
    expect(await first).toBe('io server disconnect');
    expect(await second).toBe('io server disconnect');
  });

  it('shares rate-limit state across instances, its keys spread over the nodes', async () => {
    const ip = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    const attempt = (app: RunningApp) =>
      request(app.url)
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', ip)
        .send({ email: `nobody-${randomUUID()}@example.com`, password: 'wrong-password' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await attempt(i % 2 ? two : one)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const keys = await Promise.all(redis.ports.map(async (port) => Number(await redis.cli(port, 'dbsize'))));
    expect(keys.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
  });
});
