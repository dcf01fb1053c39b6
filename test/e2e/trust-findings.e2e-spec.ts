import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { Api, expectError } from '../support/api';
import { connect, TestSocket } from '../support/sockets';
import { team, visitorConversation } from '../support/team';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * One test per finding of the trust review (issue "Trust"), each written to fail against the code
 * as it was, then made to pass by the fix.
 */
describe('trust review findings', () => {
  let running: TestApp;
  let api: Api;
  let pg: Client;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    running = await startTestApp({ authRateLimit: 1000 });
    api = running.api;
    pg = new Client({ connectionString: running.db.url });
    await pg.connect();
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await pg.end();
    await running.close();
  });

  const messages = async (conversationId: string) =>
    (
      await pg.query<{ body: string }>('SELECT body FROM messages WHERE conversation_id = $1 ORDER BY seq', [
        conversationId,
      ])
    ).rows;

  it('2: a lone surrogate is refused at the door and cannot fail the others of its batch', async () => {
    const { site } = await team(api, running.db.url, [], 'Surrogates');
    const { conversation, socket } = await visitorConversation(api, running.url, site, 'first');
    sockets.push(socket);
    const [bad, good] = await Promise.all([
      socket.emit('message:new', { conversationId: conversation.id, body: 'x\uD800', clientMessageId: randomUUID() }),
      socket.emit('message:new', { conversationId: conversation.id, body: 'fine', clientMessageId: randomUUID() }),
    ]);
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(good).toMatchObject({ ok: true });
    expect((await messages(conversation.id)).map((m) => m.body)).toEqual(['first', 'fine']);
  });

  it('3: lengths are counted in code points everywhere, and no text input yields a 500', async () => {
    const { owner, site } = await team(api, running.db.url, [], 'Lengths');
    // 51 × (a + VS16) = 102 code points: over the 100 a name may hold.
    expectError(await api.as(owner).post('/websites', { name: 'a\uFE0F'.repeat(51) }), 400, 'VALIDATION_FAILED');
    const { conversation, socket } = await visitorConversation(api, running.url, site, 'hello');
    sockets.push(socket);
    // 2,501 × (a + VS16) = 5,002 code points: over 5,000 on REST too.
    expectError(
      await api.as(owner).post(`/conversations/${conversation.id}/messages`, {
        body: 'a\uFE0F'.repeat(2501),
        clientMessageId: randomUUID(),
      }),
      400,
      'VALIDATION_FAILED',
    );
    // 4,000 emoji are 4,000 characters (8,000 UTF-16 units): allowed.
    expect(
      await socket.emit('message:new', {
        conversationId: conversation.id,
        body: '😀'.repeat(4000),
        clientMessageId: randomUUID(),
      }),
    ).toMatchObject({ ok: true });
    expectError(
      await api.as(owner).patch(`/websites/${site.id}`, { settings: { greeting: '\uD800' } }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await api.as(owner).patch(`/websites/${site.id}`, { name: 'bell\u0007' }), 400, 'VALIDATION_FAILED');
    // Text is stored NFC: "é" as e + combining acute comes back as one character.
    const stored = await api.as(owner).patch(`/websites/${site.id}`, { name: 'Cafe\u0301' });
    expect(stored.body.name).toBe('Caf\u00e9');
  });

  it('4a: the event limit holds per visitor across sockets and reconnects', async () => {
    const { site } = await team(api, running.db.url, [], 'Flood');
    const visitor = await api.bootstrap(site.key);
    const auth = { websiteKey: site.key, visitorToken: visitor.visitorToken };
    const first = await connect(running.url, auth);
    sockets.push(first);
    const opened = await first.emit('conversation:open', {});
    if (!opened.ok) throw new Error('open failed');
    const many = await Promise.all(Array.from({ length: 10 }, () => connect(running.url, auth)));
    sockets.push(...many);
    const acks = await Promise.all(
      many.flatMap((s) =>
        Array.from({ length: 8 }, () =>
          s.emit('message:new', {
            conversationId: opened.conversation.id,
            body: 'spam',
            clientMessageId: randomUUID(),
          }),
        ),
      ),
    );
    const stored = acks.filter((a) => a.ok).length;
    // 80 sends at once over 10 sockets: the visitor's burst (30) passes, the rest is refused.
    expect(stored).toBeLessThanOrEqual(31);
    expect(acks.some((a) => !a.ok && a.error.code === 'RATE_LIMITED')).toBe(true);
  });

  it('4b: conversations cannot be opened without limit', async () => {
    const { site } = await team(api, running.db.url, [], 'Opens');
    const visitor = await api.bootstrap(site.key);
    const socket = await connect(running.url, { websiteKey: site.key, visitorToken: visitor.visitorToken });
    sockets.push(socket);
    const codes: string[] = [];
    for (let i = 0; i < 22; i++) {
      const opened = await socket.emit('conversation:open', {});
      if (opened.ok) await socket.emit('conversation:close', { conversationId: opened.conversation.id });
      codes.push(opened.ok ? 'ok' : opened.error.code);
      await new Promise((r) => setTimeout(r, 120));
    }
    expect(codes.filter((c) => c === 'ok')).toHaveLength(20);
    expect(codes.slice(20)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
  });

  it('4c: a stranger failing logins from elsewhere does not lock the owner out', async () => {
    const defaults = await startTestApp({ trustProxy: 'loopback' });
    try {
      const owner = await defaults.api.signup('Locked out?');
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        statuses.push((await defaults.api.login(owner.agent.email, 'wrong password!', '203.0.113.7')).status);
      }
      expect(statuses.slice(-2)).toEqual([429, 429]);
      const real = await defaults.api.login(owner.agent.email, owner.password, '198.51.100.9');
      expect(real.status).toBe(200);
    } finally {
      await defaults.close();
    }
  });

  it('5: after logout an access token stops working on REST within 2 s', async () => {
    const session = await api.signup('Revoked');
    await api.as(session).get('/me').expect(200);
    await request(running.url).post('/api/v1/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
    await new Promise((r) => setTimeout(r, 2000));
    expectError(await api.as(session).get('/me'), 401, 'UNAUTHORIZED');
  });

  it('6a: a second key rotation within the grace keeps the first old key working', async () => {
    const { owner, site } = await team(api, running.db.url, [], 'Keys');
    const first = site.key;
    const second = (await api.as(owner).post(`/websites/${site.id}/key/rotate`)).body.key;
    await api.as(owner).post(`/websites/${site.id}/key/rotate`).expect(200);
    for (const key of [first, second]) {
      expect((await api.http().post('/api/v1/widget/bootstrap').send({ websiteKey: key })).status).toBe(200);
    }
  });

  it('6b: every response carries nosniff and a Referrer-Policy; the console a CSP without inline script', async () => {
    const health = await request(running.url).get('/healthz');
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['referrer-policy']).toBeTruthy();
    const consolePage = await request(running.url).get('/app/');
    const csp = String(consolePage.headers['content-security-policy'] ?? '');
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  });
});
