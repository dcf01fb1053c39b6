import { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { Api } from '../support/api';
import { connect, TestSocket } from '../support/sockets';
import { admin, createDatabase, dropDatabase } from '../support/test-database';

type Entry = Record<string, unknown>;

/** A secret of this run: found in the log means it leaked. */
const planted = (what: string) => `planted-${what}-${randomBytes(6).toString('hex')}`;

describe('logs', () => {
  const lines: string[] = [];
  let app: NestExpressApplication;
  let url: string;
  let db: { name: string; url: string };
  let api: Api;
  const sockets: TestSocket[] = [];
  const secrets = {
    password: planted('password'),
    wrongPassword: planted('wrong-password'),
    body: planted('body'),
    restBody: planted('rest-body'),
    failedBody: planted('failed-body'),
    failedRestBody: planted('failed-rest-body'),
    bearer: planted('bearer'),
    visitorToken: planted('visitor-token'),
    cookie: planted('cookie'),
    unsubscribe: planted('unsubscribe'),
  };

  const entries = (): Entry[] => lines.map((line) => JSON.parse(line) as Entry);
  const requestLines = () => entries().filter((e) => e.msg === 'request');

  beforeAll(async () => {
    db = await createDatabase();
    const config = {
      ...loadConfig({ NODE_ENV: 'test', ZENDO_DATA_DIR: mkdtempSync(join(tmpdir(), 'zendo-app-')) }),
      databaseUrl: db.url,
      trustProxy: 'loopback',
      logLevel: 'debug' as const,
      logFormat: 'json' as const,
    };
    app = await createApp(config, { logDestination: { write: (line: string) => void lines.push(line) } });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as import('node:net').AddressInfo).port}`;
    api = new Api(url);
  });
  afterAll(async () => {
    sockets.splice(0).forEach((s) => s.close());
    await app.close();
    await dropDatabase(db.name);
  });

  it('writes JSON lines, and none of them holds a password, token, cookie or message body', async () => {
    const email = `agent-${randomBytes(4).toString('hex')}@example.com`;
    const signup = await request(url)
      .post('/api/v1/auth/signup')
      .send({ email, password: secrets.password, name: 'Agent' })
      .expect(201);
    const accessToken: string = signup.body.accessToken;
    await request(url).post('/api/v1/auth/login').send({ email, password: secrets.wrongPassword }).expect(401);
    await request(url).get('/api/v1/me').set('Authorization', `Bearer ${secrets.bearer}`).expect(401);
    await request(url).get('/api/v1/me').set('Cookie', `session=${secrets.cookie}`).expect(401);
    await request(url).get('/api/v1/widget/conversations').set('X-Visitor-Token', secrets.visitorToken).expect(401);
    await request(url).get(`/api/v1/widget/unsubscribe?token=${secrets.unsubscribe}`).expect(404);
    let failedRequestId = '';
    const site = (
      await request(url).post('/api/v1/websites').set('Authorization', `Bearer ${accessToken}`).send({ name: 'Shop' })
    ).body;

    const visitor = await api.bootstrap(site.key);
    const socket = await connect(url, { websiteKey: visitor.websiteKey, visitorToken: visitor.visitorToken });
    sockets.push(socket);
    const opened = await socket.emit('conversation:open', { body: secrets.body, clientMessageId: randomUUID() });
    expect(opened.ok).toBe(true);
    const conversationId: string = opened.ok ? opened.conversation.id : '';
    await request(url)
      .post(`/api/v1/conversations/${conversationId}/messages`)
      .set('Authorization', `Bearer ${accessToken}`)
      .send({ body: secrets.restBody, clientMessageId: randomUUID() })
      .expect(201);

    // A fault of ours: the database refuses connections while a message is sent over the socket.
    await admin(async (c) => {
      await c.query(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS false`);
      await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [db.name]);
    });
    try {
      const failed = await socket.emit('message:new', {
        conversationId,
        body: secrets.failedBody,
        clientMessageId: randomUUID(),
      });
      // A database that is gone is a 503 the client may retry (UNAVAILABLE), never a 500.
      expect(failed).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
      const refused = await request(url)
        .post(`/api/v1/conversations/${conversationId}/messages`)
        .set('Authorization', `Bearer ${accessToken}`)
        .send({ body: secrets.failedRestBody, clientMessageId: randomUUID() });
      expect(refused.status).toBe(503);
      failedRequestId = refused.headers['x-request-id'];
    } finally {
      await admin((c) => c.query(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`));
    }

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(10);
    for (const [what, secret] of Object.entries(secrets)) {
      expect({ what, found: log.includes(secret) }).toEqual({ what, found: false });
    }
    expect(log).not.toContain(visitor.visitorToken);
    expect(log).not.toContain(accessToken);

    // The HTTP failure's lines (the filter's warning and the request's) carry its request id;
    // the socket's is logged by the realtime side. Both say what went wrong, not what was sent.
    const ofRequest = entries().filter((e) => e.requestId === failedRequestId);
    expect(ofRequest.map((e) => e.msg)).toEqual(
      expect.arrayContaining(['request', expect.stringMatching(/^database unavailable/)]),
    );
    expect(ofRequest.find((e) => e.msg === 'request')).toMatchObject({ status: 503 });
    const failure = entries().find((e) => e.context === 'Realtime' && /database unavailable/.test(String(e.msg)));
    expect(failure).toMatchObject({ level: 'warn' });
  });

  it('puts a request id on every HTTP line: the caller’s when it is a plain token, else a new one', async () => {
    const kept = await request(url).get('/healthz').set('X-Request-Id', 'trace-42.a:b_c').expect(200);
    expect(kept.headers['x-request-id']).toBe('trace-42.a:b_c');
    const replaced = await request(url).get('/healthz').set('X-Request-Id', 'has spaces in it').expect(200);
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const long = await request(url).get('/healthz').set('X-Request-Id', 'x'.repeat(65)).expect(200);
    expect(long.headers['x-request-id']).not.toBe('x'.repeat(65));
    await request(url).get('/api/v1/nothing').expect(404);

    const http = requestLines();
    expect(http.length).toBeGreaterThan(5);
    for (const entry of http) {
      expect(entry).toMatchObject({ requestId: expect.any(String), method: expect.any(String) });
      expect(String(entry.path)).not.toContain('?');
    }
    expect(http.filter((e) => e.requestId === 'trace-42.a:b_c')).toHaveLength(1);
    expect(http.find((e) => e.requestId === replaced.headers['x-request-id'])).toMatchObject({
      path: '/healthz',
      route: '/healthz',
      status: 200,
    });
    expect(http.some((e) => e.requestId === 'has spaces in it')).toBe(false);
  });
});
