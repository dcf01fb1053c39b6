import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AgentSession, Api, expectError, WebsiteInfo } from '../support/api';
import { startApp, startTestApp, TestApp } from '../support/test-app';

const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest();

describe('widget bootstrap and visitor identity', () => {
  let db: { name: string; url: string };
  let running: TestApp;
  let api: Api;
  let pg: Client;
  let owner: AgentSession;
  /** allowedOrigins empty: any origin, and none */
  let openSite: WebsiteInfo;
  let lockedSite: WebsiteInfo;
  let siteA: WebsiteInfo;
  let siteB: WebsiteInfo;
  let clients = 0;

  beforeAll(async () => {
    running = await startTestApp({ authRateLimit: 1000 });
    ({ db, api } = running);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    owner = await api.signup('Owner');
    openSite = await api.website(owner, { name: 'Open' });
    lockedSite = await api.website(owner, {
      name: 'Locked',
      allowedOrigins: ['https://shop.example', 'http://localhost:8080'],
    });
    siteA = await api.website(owner, { name: 'Site A' });
    siteB = await api.website(owner, { name: 'Site B' });
  });
  afterAll(async () => {
    await pg.end();
    await running.close();
  });

  /**
   * A bootstrap from its own client address (the app trusts X-Forwarded-For from loopback), so
   * this file never meets the per-IP bootstrap limit, which rate-limit.e2e-spec.ts covers.
   */
  function bootstrap(body: object, origin?: string, url = running.url) {
    clients += 1;
    let req = new Api(url)
      .http()
      .post('/api/v1/widget/bootstrap')
      .set('X-Forwarded-For', `198.51.100.${clients % 250}`);
    if (origin !== undefined) req = req.set('Origin', origin);
    return req.send(body);
  }

  async function visitorRow(id: string) {
    return (
      await pg.query(
        `SELECT v.*, t.token_hash FROM visitors v LEFT JOIN visitor_tokens t ON t.visitor_id = v.id WHERE v.id = $1`,
        [id],
      )
    ).rows[0];
  }

  async function visitorCount(): Promise<number> {
    return (await pg.query('SELECT count(*)::int AS n FROM visitors')).rows[0].n;
  }

  async function conversationWithMessages(websiteId: string, visitorId: string, bodies: string[]) {
    const { rows } = await pg.query(
      'INSERT INTO conversations (website_id, visitor_id, last_seq) VALUES ($1, $2, $3) RETURNING id',
      [websiteId, visitorId, bodies.length],
    );
    for (const [i, body] of bodies.entries()) {
      await pg.query(
        `INSERT INTO messages (conversation_id, seq, client_message_id, sender_type, sender_visitor_id, body)
         VALUES ($1, $2, $3, 'visitor', $4, $5)`,
        [rows[0].id, i + 1, randomUUID(), visitorId, body],
      );
    }
    return rows[0].id as string;
  }

  describe('POST /widget/bootstrap', () => {
    it('refuses an unknown key with 401 and creates nothing', async () => {
      const before = await visitorCount();
      expectError(await bootstrap({ websiteKey: 'pk_unknownunknownunknown' }), 401, 'UNAUTHORIZED');
      expect(await visitorCount()).toBe(before);
    });

    it('gives a new visitor a token of at least 256 bits, stored only as its SHA-256', async () => {
      const res = await bootstrap({ websiteKey: openSite.key });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        visitor: expect.objectContaining({ id: expect.any(String) }),
        visitorToken: expect.stringMatching(/^[A-Za-z0-9_-]{43,}$/),
        website: expect.objectContaining({ name: 'Open', settings: expect.any(Object) }),
        conversations: [],
      });
      // the widget's view of the website holds nothing an agent keeps to themselves
      expect(res.body.website.key).toBeUndefined();
      expect(res.body.website.allowedOrigins).toBeUndefined();
      const token: string = res.body.visitorToken;
      expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(32);

      const row = await visitorRow(res.body.visitor.id);
      expect(row.website_id).toBe(openSite.id);
      expect(Buffer.compare(row.token_hash, sha256(token))).toBe(0);
      for (const table of ['visitors', 'visitor_tokens']) {
        const plain = await pg.query(`SELECT count(*)::int AS n FROM ${table} v WHERE strpos(v::text, $1) > 0`, [
          token,
        ]);
        expect(plain.rows[0].n).toBe(0);
      }
    });

    it.each([
      ['https://shop.example', 200],
      ['http://localhost:8080', 200],
      ['https://evil.example', 403],
      ['https://shop.example.evil.example', 403],
      ['http://shop.example', 403],
      ['https://shop.example:8443', 403],
      ['HTTPS://SHOP.EXAMPLE', 403],
      ['null', 403],
      ['(none)', 403],
    ])('with allowedOrigins set, Origin %s gets %i', async (label, status) => {
      const origin = label === '(none)' ? undefined : label;
      const before = await visitorCount();
      const res = await bootstrap({ websiteKey: lockedSite.key }, origin);
      if (status === 200) {
        expect(res.status).toBe(200);
        expect(await visitorCount()).toBe(before + 1);
      } else {
        expectError(res, 403, 'ORIGIN_NOT_ALLOWED');
        expect(await visitorCount()).toBe(before);
      }
    });

    it.each([['https://anywhere.example'], ['http://localhost:3000'], ['null'], ['(none)']])(
      'with allowedOrigins empty, Origin %s is accepted',
      async (label) => {
        const origin = label === '(none)' ? undefined : label;
        expect((await bootstrap({ websiteKey: openSite.key }, origin)).status).toBe(200);
      },
    );

    it('gives a returning visitor the same id and the same token', async () => {
      const first = (await bootstrap({ websiteKey: siteA.key })).body;
      const before = await visitorCount();
      const again = await bootstrap({ websiteKey: siteA.key, visitorToken: first.visitorToken });
      expect(again.status).toBe(200);
      expect(again.body.visitor.id).toBe(first.visitor.id);
      expect(again.body.visitorToken).toBe(first.visitorToken);
      expect(await visitorCount()).toBe(before);
    });

    it('gives a returning visitor their conversations, and only theirs', async () => {
      const mine = (await bootstrap({ websiteKey: siteA.key })).body;
      const other = (await bootstrap({ websiteKey: siteA.key })).body;
      const conversation = await conversationWithMessages(siteA.id, mine.visitor.id, ['Where is my parcel?']);
      await conversationWithMessages(siteA.id, other.visitor.id, ['Something else']);
      const again = await bootstrap({ websiteKey: siteA.key, visitorToken: mine.visitorToken });
      expect(again.body.conversations.map((c: { id: string }) => c.id)).toEqual([conversation]);
    });

    it("turns another website's token into a new visitor of this website and reveals nothing of the other", async () => {
      const ofA = (await bootstrap({ websiteKey: siteA.key })).body;
      await conversationWithMessages(siteA.id, ofA.visitor.id, ['Private to site A']);
      const onB = await bootstrap({ websiteKey: siteB.key, visitorToken: ofA.visitorToken });
      expect(onB.status).toBe(200);
      expect(onB.body.visitor.id).not.toBe(ofA.visitor.id);
      expect(onB.body.visitorToken).not.toBe(ofA.visitorToken);
      expect(onB.body.conversations).toEqual([]);
      expect(JSON.stringify(onB.body)).not.toContain(ofA.visitor.id);
      expect(JSON.stringify(onB.body)).not.toContain('Private to site A');
      expect((await visitorRow(onB.body.visitor.id)).website_id).toBe(siteB.id);
      // and site A's visitor is still site A's, untouched
      const back = await bootstrap({ websiteKey: siteA.key, visitorToken: ofA.visitorToken });
      expect(back.body.visitor.id).toBe(ofA.visitor.id);
      expect((await visitorRow(ofA.visitor.id)).website_id).toBe(siteA.id);
    });

    it('turns an unknown token into a new visitor of this website', async () => {
      const res = await bootstrap({ websiteKey: siteA.key, visitorToken: randomBytes(32).toString('base64url') });
      expect(res.status).toBe(200);
      expect((await visitorRow(res.body.visitor.id)).website_id).toBe(siteA.id);
    });

    it('turns an expired token into a new visitor', async () => {
      const first = (await bootstrap({ websiteKey: siteA.key })).body;
      await pg.query(`UPDATE visitor_tokens SET expires_at = now() - interval '1 minute' WHERE visitor_id = $1`, [
        first.visitor.id,
      ]);
      const again = await bootstrap({ websiteKey: siteA.key, visitorToken: first.visitorToken });
      expect(again.status).toBe(200);
      expect(again.body.visitor.id).not.toBe(first.visitor.id);
      expect(again.body.visitorToken).not.toBe(first.visitorToken);
      expect((await visitorRow(again.body.visitor.id)).website_id).toBe(siteA.id);
      expectError(await api.visitor(first.visitorToken).get('/conversations'), 401, 'UNAUTHORIZED');
    });
  });

  describe('key rotation', () => {
    it('the new key works at once and the old one keeps working during the grace period', async () => {
      const website = await api.website(owner, { name: 'Rotating' });
      const visitor = (await bootstrap({ websiteKey: website.key })).body;
      const rotated = await api.as(owner).post(`/websites/${website.id}/key/rotate`);
      expect(rotated.status).toBe(200);
      const newKey: string = rotated.body.key;
      expect(newKey).toMatch(/^pk_[A-Za-z0-9_-]{22,}$/);
      expect(newKey).not.toBe(website.key);
      const graceHours = (Date.parse(rotated.body.previousKeyExpiresAt) - Date.now()) / 3600_000;
      expect(graceHours).toBeGreaterThan(23.9);
      expect(graceHours).toBeLessThanOrEqual(24);

      const withNew = await bootstrap({ websiteKey: newKey, visitorToken: visitor.visitorToken });
      expect(withNew.status).toBe(200);
      expect(withNew.body.visitor.id).toBe(visitor.visitor.id);
      const withOld = await bootstrap({ websiteKey: website.key });
      expect(withOld.status).toBe(200);
      expect((await visitorRow(withOld.body.visitor.id)).website_id).toBe(website.id);
      expect((await api.as(owner).get(`/websites/${website.id}`)).body.key).toBe(newKey);
    });

    it('after two rotations the newest key and the one before it both work', async () => {
      const website = await api.website(owner, { name: 'Twice' });
      const second = (await api.as(owner).post(`/websites/${website.id}/key/rotate`)).body.key;
      const third = (await api.as(owner).post(`/websites/${website.id}/key/rotate`)).body.key;
      expect(new Set([website.key, second, third]).size).toBe(3);
      expect((await bootstrap({ websiteKey: second })).status).toBe(200);
      expect((await bootstrap({ websiteKey: third })).status).toBe(200);
    });

    it('with no grace period the old key stops at once', async () => {
      const strict = await startApp(db.url, { keyRotationGraceHours: 0, authRateLimit: 1000 });
      try {
        const strictApi = new Api(strict.url);
        const session = (await strictApi.login(owner.agent.email, owner.password)).body as AgentSession;
        const website = await strictApi.website(session, { name: 'No grace' });
        expect((await bootstrap({ websiteKey: website.key }, undefined, strict.url)).status).toBe(200);
        const rotated = await strictApi.as(session).post(`/websites/${website.id}/key/rotate`);
        expect(rotated.status).toBe(200);
        expectError(await bootstrap({ websiteKey: website.key }, undefined, strict.url), 401, 'UNAUTHORIZED');
        expect((await bootstrap({ websiteKey: rotated.body.key }, undefined, strict.url)).status).toBe(200);
      } finally {
        await strict.close();
      }
    });
  });

  describe('CORS', () => {
    it('answers a widget preflight from any origin, echoing it', async () => {
      const res = await api
        .http()
        .options('/api/v1/widget/bootstrap')
        .set('Origin', 'https://any-shop.example')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'content-type');
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('https://any-shop.example');
      expect(res.headers['access-control-allow-methods']).toContain('POST');
      expect(res.headers['access-control-allow-headers']).toMatch(/content-type/i);
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();

      const post = await bootstrap({ websiteKey: openSite.key }, 'https://any-shop.example');
      expect(post.headers['access-control-allow-origin']).toBe('https://any-shop.example');
    });

    it.each([
      ['OPTIONS', '/api/v1/websites'],
      ['OPTIONS', '/api/v1/auth/login'],
      ['GET', '/api/v1/me'],
      ['POST', '/api/v1/auth/login'],
    ])('gives %s %s from a foreign origin no Access-Control-Allow-Origin', async (method, path) => {
      const req =
        method === 'OPTIONS'
          ? api.http().options(path).set('Access-Control-Request-Method', 'GET')
          : method === 'GET'
            ? api.as(owner).get(path.replace('/api/v1', ''))
            : api
                .http()
                .post(path)
                .send({ email: owner.agent.email, password: 'x'.repeat(12) });
      const res = await req.set('Origin', 'https://evil.example');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    });
  });

  describe('visitor endpoints', () => {
    it("does not let site A's visitor read site A's conversations through site B", async () => {
      const ofA = (await bootstrap({ websiteKey: siteA.key })).body;
      const conversation = await conversationWithMessages(siteA.id, ofA.visitor.id, ['First', 'Second']);
      const throughB = (await bootstrap({ websiteKey: siteB.key, visitorToken: ofA.visitorToken })).body;

      const path = `/conversations/${conversation}/messages`;
      const spoofed = await api.visitor(throughB.visitorToken).get(path);
      const unknown = await api.visitor(throughB.visitorToken).get(`/conversations/${randomUUID()}/messages`);
      expectError(spoofed, 404, 'NOT_FOUND');
      expect(spoofed.body).toEqual(unknown.body);
      expect((await api.visitor(throughB.visitorToken).get('/conversations')).body.items).toEqual([]);

      const own = await api.visitor(ofA.visitorToken).get(path);
      expect(own.status).toBe(200);
      expect(own.body.hasMore).toBe(false);
      expect(own.body.messages.map((m: { seq: number; body: string }) => [m.seq, m.body])).toEqual([
        [1, 'First'],
        [2, 'Second'],
      ]);
      expect((await api.visitor(ofA.visitorToken).get('/conversations')).body.items).toEqual([
        expect.objectContaining({ id: conversation }),
      ]);

      expectError(await api.http().get(`/api/v1/widget${path}`), 401, 'UNAUTHORIZED');
      expectError(await api.visitor(randomBytes(32).toString('base64url')).get(path), 401, 'UNAUTHORIZED');
    });

    it("checks a locked site's origins on visitor calls too", async () => {
      const visitor = (await bootstrap({ websiteKey: lockedSite.key }, 'https://shop.example')).body;
      const fromShop = await api
        .visitor(visitor.visitorToken)
        .get('/conversations')
        .set('Origin', 'https://shop.example');
      expect(fromShop.status).toBe(200);
      const fromEvil = await api
        .visitor(visitor.visitorToken)
        .get('/conversations')
        .set('Origin', 'https://evil.example');
      expectError(fromEvil, 403, 'ORIGIN_NOT_ALLOWED');
    });

    it('PATCH /widget/visitor updates only the visitor holding the token', async () => {
      const jane = (await bootstrap({ websiteKey: siteA.key })).body;
      const other = (await bootstrap({ websiteKey: siteA.key })).body;
      const otherBefore = await visitorRow(other.visitor.id);

      const res = await api.visitor(jane.visitorToken).patch('/visitor', { name: ' Jane ', email: 'jane@example.com' });
      expect(res.status).toBe(200);
      expect(res.body.visitor).toMatchObject({ id: jane.visitor.id, name: 'Jane', email: 'jane@example.com' });
      expect(await visitorRow(jane.visitor.id)).toMatchObject({ name: 'Jane', email: 'jane@example.com' });
      expect(await visitorRow(other.visitor.id)).toEqual(otherBefore);

      // null clears a field, an absent one stays
      const cleared = await api.visitor(jane.visitorToken).patch('/visitor', { name: null });
      expect(cleared.body.visitor).toMatchObject({ name: null, email: 'jane@example.com' });

      expectError(await api.http().patch('/api/v1/widget/visitor').send({ name: 'X' }), 401, 'UNAUTHORIZED');
      expect(await visitorRow(other.visitor.id)).toEqual(otherBefore);
    });
  });
});
