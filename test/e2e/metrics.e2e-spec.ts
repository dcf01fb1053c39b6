import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { loadConfig } from '../../src/config/app-config';
import { AgentSession, Api, WebsiteInfo } from '../support/api';
import { connect, refusal, TestSocket } from '../support/sockets';
import { parse, total } from '../support/metrics';
import { startTestApp, TestApp } from '../support/test-app';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('GET /metrics', () => {
  let running: TestApp;
  let api: Api;
  let agent: AgentSession;
  let site: WebsiteInfo;
  const sockets: TestSocket[] = [];

  const scrape = async () => {
    const res = await request(running.url).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    return parse(res.text);
  };

  beforeAll(async () => {
    running = await startTestApp({
      redisUrl: REDIS_URL,
      redisPrefix: `zendo-test-${randomBytes(4).toString('hex')}:`,
      authRateLimit: 1000,
      limits: { ...loadConfig({ NODE_ENV: 'test' }).limits, visitorMessageBurst: 1000 },
    });
    ({ api } = running);
    agent = await api.signup('Agent');
    site = await api.website(agent);
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await running.close();
  });

  it('moves the counters of a visitor message carried through real sockets to an agent', async () => {
    const before = await scrape();
    const agentSocket = await connect(running.url, { token: agent.accessToken });
    const visitor = await api.bootstrap(site.key);
    const visitorSocket = await connect(running.url, {
      websiteKey: visitor.websiteKey,
      visitorToken: visitor.visitorToken,
    });
    sockets.push(agentSocket, visitorSocket);
    const opened = await visitorSocket.emit('conversation:open', { body: 'first', clientMessageId: randomUUID() });
    expect(opened.ok).toBe(true);
    const conversationId = opened.ok ? opened.conversation.id : '';
    const sent = await visitorSocket.emit('message:new', {
      conversationId,
      body: 'second',
      clientMessageId: randomUUID(),
    });
    expect(sent.ok).toBe(true);
    await agentSocket.waitFor('message:new', 2);
    await api.as(agent).get(`/conversations/${conversationId}/messages`).expect(200);

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}) =>
      total(after, name, labels) - total(before, name, labels);

    expect(moved('zendo_messages_stored_total', { sender: 'visitor' })).toBe(2);
    expect(moved('zendo_append_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(moved('zendo_append_batch_size_count')).toBeGreaterThanOrEqual(1);
    expect(moved('zendo_append_batch_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(moved('zendo_fanout_duration_seconds_count', { origin: 'local' })).toBeGreaterThanOrEqual(2);
    expect(moved('zendo_socket_event_duration_seconds_count', { event: 'message:new', outcome: 'ok' })).toBe(1);
    expect(total(after, 'zendo_sockets_connected', { kind: 'visitor' })).toBeGreaterThanOrEqual(1);
    expect(total(after, 'zendo_sockets_connected', { kind: 'agent' })).toBeGreaterThanOrEqual(1);
    expect(
      moved('zendo_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/v1/widget/bootstrap',
        status: '200',
      }),
    ).toBe(1);
    // The route's template, not the URL with the conversation's id in it.
    expect(
      moved('zendo_http_request_duration_seconds_count', {
        route: '/api/v1/conversations/:id/messages',
        status: '200',
      }),
    ).toBe(1);
    // Answered after the scrape's own observation: the previous scrape is counted.
    expect(moved('zendo_http_request_duration_seconds_count', { route: '/metrics' })).toBe(1);
  });

  it('exports the gauges of the process, the pool, Redis, the queue and the outbox', async () => {
    const samples = await scrape();
    const names = new Set(samples.map((s) => s.name));
    for (const name of [
      'zendo_nodejs_eventloop_lag_seconds',
      'zendo_process_resident_memory_bytes',
      'zendo_append_queue_depth',
      'zendo_notification_outbox_backlog',
    ]) {
      expect(names).toContain(name);
    }
    expect(total(samples, 'zendo_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(
      samples
        .filter((s) => s.name === 'zendo_db_pool_connections')
        .map((s) => s.labels.state)
        .sort(),
    ).toEqual(['idle', 'total', 'waiting']);
    const redis = samples.filter((s) => s.name === 'zendo_redis_up');
    expect(redis.map((s) => s.labels.connection).sort()).toEqual(['command', 'pub', 'sub', 'throttle']);
    expect(redis.every((s) => s.value === 1)).toBe(true);
  });

  it('exports every metric the sample Grafana dashboard queries', async () => {
    const dashboard = readFileSync(join(__dirname, '../../deploy/grafana/zendo-dashboard.json'), 'utf8');
    const queried = new Set(dashboard.match(/zendo_[a-z0-9_]+/g));
    expect(queried.size).toBeGreaterThan(15);
    // Declared (a labelled counter has no sample before its first count), with a histogram's series.
    const text = (await request(running.url).get('/metrics').expect(200)).text;
    const names = new Set<string>();
    for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      names.add(name);
      if (type === 'histogram') ['_bucket', '_sum', '_count'].forEach((suffix) => names.add(name + suffix));
    }
    expect([...queried].filter((name) => !names.has(name))).toEqual([]);
  });

  it('counts refused handshakes by code and rate-limit refusals by limit', async () => {
    const before = await scrape();
    expect(await refusal(running.url, { token: 'not-a-token' })).toBe('UNAUTHORIZED');
    const visitor = await api.bootstrap(site.key);
    const socket = await connect(running.url, { websiteKey: visitor.websiteKey, visitorToken: visitor.visitorToken });
    sockets.push(socket);
    // More than the 20 events a second one socket may send.
    const acks = await Promise.all(
      Array.from({ length: 25 }, () => socket.emit('conversation:leave', { conversationId: randomUUID() })),
    );
    expect(acks.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED').length).toBeGreaterThan(0);

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) =>
      total(after, name, labels) - total(before, name, labels);
    expect(moved('zendo_socket_handshakes_refused_total', { code: 'UNAUTHORIZED' })).toBe(1);
    expect(moved('zendo_socket_handshake_duration_seconds_count', { outcome: 'UNAUTHORIZED' })).toBe(1);
    expect(moved('zendo_socket_handshake_duration_seconds_count', { outcome: 'ok' })).toBe(1);
    expect(moved('zendo_rate_limit_refusals_total', { limit: 'socket_events' })).toBeGreaterThan(0);
    expect(
      moved('zendo_socket_event_duration_seconds_count', { event: 'conversation:leave', outcome: 'RATE_LIMITED' }),
    ).toBe(moved('zendo_rate_limit_refusals_total', { limit: 'socket_events' }));
  });

  it('puts no ids in any label value, whatever clients send', async () => {
    const visitor = await api.bootstrap(site.key);
    const socket = await connect(running.url, { websiteKey: visitor.websiteKey, visitorToken: visitor.visitorToken });
    sockets.push(socket);
    const unknown = await socket.emit(`made-up-${randomUUID()}`, {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_EVENT' } });
    await request(running.url).get(`/api/v1/conversations/${randomUUID()}/messages`).expect(401);
    await request(running.url).get(`/no/such/${randomUUID()}`).expect(404);
    await request(running.url).get(`/api/v1/conversations/${randomUUID()}`).set('X-Request-Id', randomUUID());

    const samples = await scrape();
    const values = samples.flatMap((s) => Object.values(s.labels));
    expect(values.filter((v) => UUID.test(v))).toEqual([]);
    expect(total(samples, 'zendo_socket_event_duration_seconds_count', { event: 'unknown' })).toBeGreaterThanOrEqual(1);
    expect(total(samples, 'zendo_http_request_duration_seconds_count', { route: 'unmatched' })).toBeGreaterThanOrEqual(
      1,
    );
    // Every label is one of a known, small set of names.
    const labelNames = new Set(samples.flatMap((s) => Object.keys(s.labels)));
    for (const name of labelNames) {
      expect([
        'code',
        'event',
        'outcome',
        'sender',
        'origin',
        'method',
        'route',
        'status',
        'limit',
        'kind',
        'instance_id',
        'state',
        'connection',
        'le',
        'quantile',
        'type',
        'space',
        'version',
        'major',
        'minor',
        'patch',
      ]).toContain(name);
    }
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  const token = randomBytes(24).toString('hex');
  let running: TestApp;

  beforeAll(async () => {
    running = await startTestApp({ metricsToken: token });
  });
  afterAll(async () => {
    await running.close();
  });

  it('answers 401 in the error shape without the bearer token, or with another', async () => {
    const missing = await request(running.url).get('/metrics').expect(401);
    expect(missing.body).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
    expect(missing.text).not.toContain('zendo_');
    const wrong = await request(running.url).get('/metrics').set('Authorization', `Bearer ${token}x`).expect(401);
    expect(wrong.body.error.code).toBe('UNAUTHORIZED');
    await request(running.url).get('/metrics').set('Authorization', token).expect(401);
  });

  it('answers the metrics to the bearer of the token', async () => {
    const res = await request(running.url).get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.text).toContain('zendo_messages_stored_total');
  });

  it('is not served under /api/v1', async () => {
    await request(running.url).get('/api/v1/metrics').set('Authorization', `Bearer ${token}`).expect(404);
  });
});
