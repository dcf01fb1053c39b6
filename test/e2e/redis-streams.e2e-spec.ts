import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { loadConfig } from '../../src/config/app-config';
import { Api, AgentSession, WebsiteInfo } from '../support/api';
import { connect, TestSocket } from '../support/sockets';
import { RunningApp, startCluster, TestCluster } from '../support/test-app';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** REDIS_ADAPTER=streams: the same fan-out guarantees over Redis streams (XADD / XREAD). */
describe('two instances behind the Redis streams adapter', () => {
  let cluster: TestCluster;
  let one: RunningApp;
  let two: RunningApp;
  let agent: AgentSession;
  let site: WebsiteInfo;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    cluster = await startCluster(2, {
      redisUrl: REDIS_URL,
      redisAdapter: 'streams',
      redisPrefix: `zendo-test-${randomBytes(4).toString('hex')}:`,
      jwtSecret: randomBytes(32).toString('hex'),
      limits: { ...loadConfig({ NODE_ENV: 'test' }).limits, visitorMessageBurst: 1000 },
    });
    [one, two] = cluster.instances;
    agent = await new Api(one.url).signup('Agent');
    site = await new Api(one.url).website(agent);
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await cluster.close();
  });

  it('delivers 100 messages both ways exactly once and in seq order across the instances', async () => {
    const visitor = await new Api(one.url).bootstrap(site.key);
    const onOne = await connect(one.url, { websiteKey: site.key, visitorToken: visitor.visitorToken });
    const onTwo = await connect(two.url, { token: agent.accessToken });
    sockets.push(onOne, onTwo);
    const opened = await onOne.emit('conversation:open', {});
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const conversationId = opened.conversation.id;
    await onTwo.waitFor('conversation:open', 1);
    const sends: Promise<unknown>[] = [];
    for (let round = 0; round < 50; round++) {
      for (const socket of [onOne, onTwo]) {
        sends.push(socket.emit('message:new', { conversationId, body: `m${round}`, clientMessageId: randomUUID() }));
      }
      await new Promise((r) => setTimeout(r, 60));
    }
    const acks = (await Promise.all(sends)) as { ok: boolean }[];
    expect(acks.filter((a) => !a.ok)).toEqual([]);
    for (const socket of [onOne, onTwo]) {
      await socket.waitFor('message:new', 100, 20_000);
      await socket.during('message:new', 200);
      const seqs = socket.received('message:new').map((m) => m.message.seq);
      expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    }
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
});
