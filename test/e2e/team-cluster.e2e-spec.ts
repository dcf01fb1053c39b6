import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { Api } from '../support/api';
import { connect, TestSocket } from '../support/sockets';
import { team, until, visitorConversation } from '../support/team';
import { RunningApp, startCluster, TestCluster } from '../support/test-app';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const MAIN = resolve(__dirname, '../../dist/src/main.js');
const TTL_SECONDS = 2;

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

describe('team work across two instances over Redis', () => {
  let cluster: TestCluster;
  let a: RunningApp;
  let b: RunningApp;
  let api: Api;
  let apiB: Api;
  let shared: Record<string, unknown>;
  const sockets: TestSocket[] = [];
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    shared = {
      redisUrl: REDIS_URL,
      redisPrefix: `zendo-test-${randomBytes(4).toString('hex')}:`,
      jwtSecret: randomBytes(32).toString('hex'),
      authRateLimit: 10_000,
      presenceGraceMs: 300,
      presenceTtlSeconds: TTL_SECONDS,
    };
    cluster = await startCluster(2, shared);
    [a, b] = cluster.instances;
    api = new Api(a.url);
    apiB = new Api(b.url);
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    children.forEach((child) => child.kill('SIGKILL'));
    await cluster.close();
  });

  const open = async (url: string, auth: Record<string, unknown>) => {
    const socket = await connect(url, auth);
    sockets.push(socket);
    return socket;
  };
  const statusOf = (socket: TestSocket, agentId: string) =>
    socket
      .received('presence')
      .filter((p) => p.agentId === agentId)
      .at(-1)?.status;

  it('shows an agent on one instance online from the other, rides out a reload, and measures how fast', async () => {
    const { owner, members } = await team(api, cluster.db.url, ['agent'], 'Two instances');
    const [alice] = members;
    const onB = await open(b.url, { token: owner.accessToken });
    const first = await open(a.url, { token: alice.accessToken });
    await until('alice online, seen from B', () => statusOf(onB, alice.agent.id) === 'online');

    // Reload onto the other instance within the grace: no offline in between.
    const seen = onB.received('presence').length;
    first.close();
    const second = await open(b.url, { token: alice.accessToken });
    await new Promise((r) => setTimeout(r, 800));
    expect(
      onB
        .received('presence')
        .slice(seen)
        .filter((p) => p.agentId === alice.agent.id),
    ).toEqual([]);

    // 100 changes on A (alice's second socket is on B, her choices go through A), timed at B.
    const onA = await open(a.url, { token: alice.accessToken });
    const latencies: number[] = [];
    for (let i = 0; i < 100; i++) {
      const status = i % 2 === 0 ? 'away' : 'online';
      const before = onB.received('presence').length;
      // Under the socket's limit of 20 events a second, as a real client would stay.
      await new Promise((r) => setTimeout(r, 60));
      const started = performance.now();
      expect(await onA.emit('presence:set', { status })).toEqual({ ok: true, status });
      await until('the change seen on B', () =>
        onB
          .received('presence')
          .slice(before)
          .some((p) => p.agentId === alice.agent.id && p.status === status),
      );
      latencies.push(performance.now() - started);
    }
    latencies.sort((x, y) => x - y);
    console.info(
      `presence across instances, 100 changes: p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms`,
    );

    onA.close();
    second.close();
    await until('alice offline, seen from B', () => statusOf(onB, alice.agent.id) === 'offline');
  });

  it('takes the agents of a killed instance offline within the heartbeat lifetime', async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run make build first`);
    const { owner, members } = await team(api, cluster.db.url, ['agent'], 'Killed');
    const [bob] = members;
    const port = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(port),
        DATABASE_URL: cluster.db.url,
        REDIS_URL,
        REDIS_PREFIX: String(shared.redisPrefix),
        JWT_SECRET: String(shared.jwtSecret),
        PRESENCE_TTL_SECONDS: String(TTL_SECONDS),
        PRESENCE_GRACE_MS: '300',
        ZENDO_DATA_DIR: mkdtempSync(join(tmpdir(), 'zendo-killed-')),
      },
      stdio: 'ignore',
    });
    children.push(child);
    const url = `http://127.0.0.1:${port}`;
    await until(
      'the third instance healthy',
      async () =>
        (
          await request(url)
            .get('/healthz')
            .catch(() => null)
        )?.status === 200,
      30_000,
    );
    const watcher = await open(a.url, { token: owner.accessToken });
    const bobs = await connect(url, { token: bob.accessToken });
    await until('bob online', () => statusOf(watcher, bob.agent.id) === 'online');
    const killed = Date.now();
    child.kill('SIGKILL');
    await until('bob offline after the kill', () => statusOf(watcher, bob.agent.id) === 'offline', 60_000);
    const took = Date.now() - killed;
    bobs.close();
    console.info(`killed instance: its agent offline after ${took} ms (heartbeat lifetime ${TTL_SECONDS} s)`);
    expect(took).toBeLessThan(60_000);
  });

  it('lets exactly one of 20 agents claiming at once over both instances win', async () => {
    const roles = Array.from({ length: 20 }, () => 'agent' as const);
    const { site, members } = await team(api, cluster.db.url, roles, 'Claim race');
    const { conversation, socket } = await visitorConversation(api, a.url, site);
    sockets.push(socket);
    const results = await Promise.all(
      members.map((m, i) => (i % 2 ? apiB : api).as(m).post(`/conversations/${conversation.id}/claim`)),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const winner = members[statuses.indexOf(200)];
    const pg = new Client({ connectionString: cluster.db.url });
    await pg.connect();
    try {
      const { rows } = await pg.query('SELECT assignee_id FROM conversations WHERE id = $1', [conversation.id]);
      expect(rows[0].assignee_id).toBe(winner.agent.id);
      const lines = await pg.query(
        `SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1 AND sender_type = 'system'`,
        [conversation.id],
      );
      expect(lines.rows[0].n).toBe(1);
    } finally {
      await pg.end();
    }
    console.info('claim race: 20 agents over 2 instances → 1 × 200, 19 × 409 ALREADY_ASSIGNED');
  });

  it('assigns round robin 2/2/2 with visitors and agents on both instances', async () => {
    const { owner, site, members } = await team(api, cluster.db.url, ['agent', 'agent', 'agent'], 'RR cluster');
    await api
      .as(owner)
      .patch(`/websites/${site.id}`, { assignment: { mode: 'round_robin', maxOpenPerAgent: 2 } })
      .expect(200);
    await Promise.all(members.map((m, i) => open(i % 2 ? b.url : a.url, { token: m.accessToken })));
    await until('three online', async () => {
      const { body } = await api.as(owner).get(`/websites/${site.id}/presence`);
      return body.items.filter((x: { status: string }) => x.status === 'online').length === 3;
    });
    const opened = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        visitorConversation(i % 2 ? apiB : api, i % 2 ? b.url : a.url, site, `v${i}`),
      ),
    );
    sockets.push(...opened.map((o) => o.socket));
    const pg = new Client({ connectionString: cluster.db.url });
    await pg.connect();
    try {
      const loads = async () =>
        (
          await pg.query<{ assignee_id: string | null; n: number }>(
            'SELECT assignee_id, count(*)::int AS n FROM conversations WHERE website_id = $1 GROUP BY assignee_id',
            [site.id],
          )
        ).rows;
      await until(
        'six assigned',
        async () => (await loads()).filter((r) => r.assignee_id).reduce((s, r) => s + r.n, 0) === 6,
      );
      await new Promise((r) => setTimeout(r, 500));
      const rows = await loads();
      expect(members.map((m) => rows.find((r) => r.assignee_id === m.agent.id)?.n)).toEqual([2, 2, 2]);
      expect(rows.find((r) => r.assignee_id === null)?.n).toBe(4);
    } finally {
      await pg.end();
    }
  });

  it('takes a removed member off both instances within 2 s', async () => {
    const { owner, site, members } = await team(api, cluster.db.url, ['agent'], 'Removed everywhere');
    const [leaver] = members;
    const onA = await open(a.url, { token: leaver.accessToken });
    const onB = await open(b.url, { token: leaver.accessToken });
    const { conversation, socket: visitor } = await visitorConversation(api, a.url, site);
    sockets.push(visitor);
    await onA.waitFor('message:new', 1);
    await onB.waitFor('message:new', 1);
    await onB.emit('conversation:join', { conversationId: conversation.id });

    await api.as(owner).delete(`/websites/${site.id}/members/${leaver.agent.id}`).expect(204);
    expect((await apiB.as(leaver).get(`/conversations/${conversation.id}`)).status).toBe(404);
    // Well within the 2 s the contract allows, the next message reaches neither of their sockets.
    await new Promise((r) => setTimeout(r, 500));
    const [heardA, heardB] = [onA.received('message:new').length, onB.received('message:new').length];
    await visitor.emit('message:new', {
      conversationId: conversation.id,
      body: 'anyone?',
      clientMessageId: randomUUID(),
    });
    await visitor.emit('typing', { conversationId: conversation.id, typing: true });
    await new Promise((r) => setTimeout(r, 1000));
    expect(onB.received('typing')).toEqual([]);
    expect(onA.received('message:new').length).toBe(heardA);
    expect(onB.received('message:new').length).toBe(heardB);
  });
});
