import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { loadConfig } from '../../src/config/app-config';
import { Api, AgentSession, WebsiteInfo } from '../support/api';
import { connect, TestSocket } from '../support/sockets';
import { RunningApp, startCluster, TestCluster } from '../support/test-app';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('two instances behind the Redis adapter', () => {
  let cluster: TestCluster;
  let one: RunningApp;
  let two: RunningApp;
  let agent: AgentSession;
  let site: WebsiteInfo;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    // Instances of one deployment share the database, Redis and the JWT secret.
    const shared = {
      redisUrl: REDIS_URL,
      // a prefix of this run's own, so rate-limit counts of earlier runs do not carry over
      redisPrefix: `zendo-test-${randomBytes(4).toString('hex')}:`,
      authRateLimit: 5,
      jwtSecret: randomBytes(32).toString('hex'),
      // 150 visitor messages in a few hundred ms; the per-visitor limit has its own spec
      limits: { ...loadConfig({ NODE_ENV: 'test' }).limits, visitorMessageBurst: 1000 },
    };
    cluster = await startCluster(2, shared);
    [one, two] = cluster.instances;
    const api = new Api(one.url);
    agent = await api.signup('Agent');
    site = await api.website(agent);
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await cluster.close();
  });

  it('reports Redis in /healthz', async () => {
    const res = await request(one.url).get('/healthz').expect(200);
    expect(res.body.checks).toEqual({ database: 'up', redis: 'up' });
  });

  it('delivers 300 messages both ways exactly once and in seq order, visitor on one instance, agent on the other', async () => {
    const visitor = await new Api(one.url).bootstrap(site.key);
    const visitorAuth = { websiteKey: site.key, visitorToken: visitor.visitorToken };
    const visitorSockets = await Promise.all([1, 2, 3].map(() => connect(one.url, visitorAuth)));
    const agentSockets = await Promise.all([1, 2, 3].map(() => connect(two.url, { token: agent.accessToken })));
    sockets.push(...visitorSockets, ...agentSockets);
    const opened = await visitorSockets[0].emit('conversation:open', {});
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const conversationId = opened.conversation.id;
    await agentSockets[0].waitFor('conversation:open', 1);

    const started = Date.now();
    // 150 from each side, spread over three sockets per side (each stays under 20 events/s).
    const sends: Promise<unknown>[] = [];
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 3; i++) {
        sends.push(
          visitorSockets[i].emit('message:new', {
            conversationId,
            body: `v${round}.${i}`,
            clientMessageId: randomUUID(),
          }),
        );
        sends.push(
          agentSockets[i].emit('message:new', {
            conversationId,
            body: `a${round}.${i}`,
            clientMessageId: randomUUID(),
          }),
        );
      }
      await new Promise((r) => setTimeout(r, 60));
    }
    const acks = (await Promise.all(sends)) as { ok: boolean }[];
    expect(acks.filter((a) => !a.ok)).toEqual([]);

    for (const socket of [...visitorSockets, ...agentSockets]) {
      await socket.waitFor('message:new', 300, 20_000);
      await socket.during('message:new', 200);
      const seqs = socket.received('message:new').map((m) => m.message.seq);
      expect(seqs).toHaveLength(300);
      // in seq order as they arrive, though they were committed on two instances
      expect(seqs).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    }
    console.info(`two instances: 300 messages both ways delivered to 6 sockets in ${Date.now() - started} ms`);
  });

  it('disconnects an agent on every instance when their session is revoked', async () => {
    const session = await new Api(one.url).signup('Leaver');
    const onOne = await connect(one.url, { token: session.accessToken });
    const onTwo = await connect(two.url, { token: session.accessToken });
    sockets.push(onOne, onTwo);
    const gone = (s: TestSocket) => new Promise<string>((resolve) => s.socket.once('disconnect', resolve));
    const [first, second] = [gone(onOne), gone(onTwo)];
    await request(one.url).post('/api/v1/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
    expect(await first).toBe('io server disconnect');
    expect(await second).toBe('io server disconnect');
  });

  it('shares rate-limit state across instances: the limit counts attempts on both', async () => {
    const ip = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    const attempt = (app: RunningApp) =>
      request(app.url)
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', ip)
        .send({ email: `nobody-${randomUUID()}@example.com`, password: 'wrong-password' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await attempt(i % 2 ? two : one)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});
