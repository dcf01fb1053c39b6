import * as bcrypt from 'bcrypt';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import { AgentSession, Api, expectError } from '../support/api';
import { startTestApp, TestApp } from '../support/test-app';

const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest();
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

describe('agent authentication', () => {
  let db: { name: string; url: string };
  let running: TestApp;
  let api: Api;
  let pg: Client;
  let main: AgentSession;
  /** The refresh family of `main`'s first session, as its access token names it. */
  let mainFamily: string;

  beforeAll(async () => {
    running = await startTestApp({ authRateLimit: 1000 });
    ({ db, api } = running);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    main = await api.signup('Main');
    mainFamily = (jwt.decode(main.accessToken) as { fam: string }).fam;
  });
  afterAll(async () => {
    await pg.end();
    await running.close();
  });

  /** An access token signed with the app's own secret, claims overridable. */
  function sign(
    claims: Record<string, unknown>,
    secret = running.config.jwtSecret,
    algorithm: jwt.Algorithm = 'HS256',
  ) {
    return jwt.sign({ typ: 'access', fam: mainFamily, sub: main.agent.id, ...claims }, secret, {
      algorithm,
      ...(claims.exp === undefined ? { expiresIn: 900 } : {}),
    });
  }

  async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
    const started = performance.now();
    const result = await work();
    return { result, ms: performance.now() - started };
  }

  describe('signup and login', () => {
    it('stores passwords as bcrypt hashes of cost 12 or more', async () => {
      const { rows } = await pg.query('SELECT password_hash FROM agents WHERE id = $1', [main.agent.id]);
      const hash: string = rows[0].password_hash;
      const cost = Number(/^\$2[aby]\$(\d{2})\$/.exec(hash)?.[1]);
      expect(cost).toBeGreaterThanOrEqual(12);
      expect(hash).not.toContain(main.password);
      expect(await bcrypt.compare(main.password, hash)).toBe(true);

      const { ms } = await timed(() => bcrypt.hash('a-password-to-time', 12));
      console.info(`one bcrypt hash at cost 12: ${ms.toFixed(0)} ms`);
    });

    it('trims the email and compares it case-insensitively', async () => {
      const password = 'ten-chars!';
      expect(password).toHaveLength(10);
      const signup = await api.http().post('/api/v1/auth/signup').send({
        email: '  Ann@Example.COM ',
        password,
        name: 'Ann',
      });
      expect(signup.status).toBe(201);
      expect(signup.body.agent.email).toBe('Ann@Example.COM');

      const login = await api.login('ann@example.com', password);
      expect(login.status).toBe(200);
      expect(login.body.agent.id).toBe(signup.body.agent.id);
      expect((await api.login('  ANN@EXAMPLE.COM  ', password)).status).toBe(200);

      const again = await api.http().post('/api/v1/auth/signup').send({
        email: 'ann@EXAMPLE.com',
        password: 'another-password',
        name: 'Other Ann',
      });
      expectError(again, 409, 'EMAIL_TAKEN');
      const { rows } = await pg.query(`SELECT count(*)::int AS n FROM agents WHERE lower(email) = 'ann@example.com'`);
      expect(rows[0].n).toBe(1);
    });

    it.each([
      ['9 characters', 'a'.repeat(9)],
      ['129 characters', 'a'.repeat(129)],
      ['73 ASCII characters (73 bytes)', 'a'.repeat(73)],
      ['30 emoji (60 UTF-16 units, 120 bytes)', '😀'.repeat(30)],
      ['37 characters, 73 bytes', 'é'.repeat(36) + 'a'],
    ])('refuses a password of %s with 400 and creates nothing', async (_, password) => {
      const email = `refused-${randomBytes(4).toString('hex')}@example.com`;
      const res = await api.http().post('/api/v1/auth/signup').send({ email, password, name: 'Refused' });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'password' })]);
      const { rows } = await pg.query('SELECT count(*)::int AS n FROM agents WHERE email = $1', [email]);
      expect(rows[0].n).toBe(0);
    });

    it('never lets two passwords sharing their first 72 bytes stand for each other', async () => {
      const exactly72 = 'é'.repeat(30) + 'x'.repeat(12);
      expect(Buffer.byteLength(exactly72)).toBe(72);
      const email = 'seventy-two@example.com';
      const signup = await api.http().post('/api/v1/auth/signup').send({ email, password: exactly72, name: 'Bytes' });
      expect(signup.status).toBe(201);
      expect((await api.login(email, exactly72)).status).toBe(200);

      // bcrypt would read only the shared prefix and say yes; the API refuses them instead
      for (const longer of [`${exactly72}y`, `${exactly72} and a tail that bcrypt never reads`]) {
        expectError(await api.login(email, longer), 400, 'VALIDATION_FAILED');
        const other = await api
          .http()
          .post('/api/v1/auth/signup')
          .send({
            email: `prefix-${randomBytes(4).toString('hex')}@example.com`,
            password: longer,
            name: 'Prefix',
          });
        expectError(other, 400, 'VALIDATION_FAILED');
        const change = await api
          .bearer(signup.body.accessToken)
          .post('/auth/password', { currentPassword: longer, newPassword: 'a-new-password' });
        expectError(change, 400, 'VALIDATION_FAILED');
      }
      expect((await api.login(email, exactly72)).status).toBe(200);
    });

    it('answers an unknown email and a wrong password alike, both after running bcrypt', async () => {
      const unknown = await timed(() =>
        api.login(`nobody-${randomBytes(4).toString('hex')}@example.com`, 'some-password'),
      );
      const wrong = await timed(() => api.login(main.agent.email, 'not-the-password'));
      expectError(unknown.result, 401, 'INVALID_CREDENTIALS');
      expect(wrong.result.status).toBe(unknown.result.status);
      expect(wrong.result.body).toEqual(unknown.result.body);
      expect(unknown.ms).toBeGreaterThanOrEqual(100);
      expect(wrong.ms).toBeGreaterThanOrEqual(100);
      console.info(
        `login failure: unknown email ${unknown.ms.toFixed(0)} ms, wrong password ${wrong.ms.toFixed(0)} ms`,
      );
    });
  });

  describe('access tokens', () => {
    it('are HS256 JWTs with sub and typ, valid for 15 minutes', async () => {
      const decoded = jwt.decode(main.accessToken, { complete: true })!;
      expect(decoded.header.alg).toBe('HS256');
      const claims = decoded.payload as jwt.JwtPayload;
      expect(claims).toMatchObject({ sub: main.agent.id, typ: 'access' });
      expect(claims.exp! - claims.iat!).toBe(900);

      const me = await api.as(main).get('/me');
      expect(me.status).toBe(200);
      expect(me.body).toEqual({
        agent: expect.objectContaining({ id: main.agent.id }),
        websites: [],
        presence: 'online',
      });
    });

    it('accepts a token signed with the app secret (the forged ones below differ in one respect each)', async () => {
      const res = await api.bearer(sign({})).get('/me');
      expect(res.status).toBe(200);
      expect(res.body.agent.id).toBe(main.agent.id);
    });

    const forged: [string, () => string][] = [
      [
        'alg none, no signature',
        () => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(jwt.decode(main.accessToken) as object)}.`,
      ],
      ['signed with another secret', () => sign({}, randomBytes(48).toString('base64url'))],
      ['expired a minute ago', () => sign({ iat: now() - 960, exp: now() - 60 })],
      ["typ 'refresh' signed with the right secret", () => sign({ typ: 'refresh' })],
      ['without typ', () => sign({ typ: undefined })],
      ['signed with the right secret but HS512', () => sign({}, running.config.jwtSecret, 'HS512')],
      ['not valid before an hour from now', () => sign({ nbf: now() + 3600 })],
      ['for an agent that does not exist', () => sign({ sub: randomUUID() })],
      [
        'with its payload changed after signing',
        () => {
          const [header, , signature] = main.accessToken.split('.');
          const claims = { ...(jwt.decode(main.accessToken) as object), sub: randomUUID() };
          return `${header}.${base64url(claims)}.${signature}`;
        },
      ],
      ['without its signature', () => main.accessToken.split('.').slice(0, 2).join('.') + '.'],
      ['the opaque refresh token', () => main.refreshToken],
      ['garbage', () => 'not-a-token'],
    ];

    it.each(forged)('refuses a bearer token %s with 401', async (_, token) => {
      const res = await api.bearer(token()).get('/me');
      expectError(res, 401, 'UNAUTHORIZED');
    });

    it('refuses a valid token sent without the Bearer scheme', async () => {
      const res = await api.http().get('/api/v1/me').set('Authorization', main.accessToken);
      expectError(res, 401, 'UNAUTHORIZED');
    });
  });

  describe('refresh tokens', () => {
    it('are opaque, at least 256 bits, and stored only as SHA-256 hashes', async () => {
      const session = (await api.login(main.agent.email, main.password)).body;
      const token: string = session.refreshToken;
      expect(token).toMatch(/^[A-Za-z0-9_-]{43,}$/);
      expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(32);

      const hashed = await pg.query('SELECT agent_id FROM refresh_tokens WHERE token_hash = $1', [sha256(token)]);
      expect(hashed.rows).toEqual([{ agent_id: main.agent.id }]);
      const plain = await pg.query(`SELECT count(*)::int AS n FROM refresh_tokens r WHERE strpos(r::text, $1) > 0`, [
        token,
      ]);
      expect(plain.rows[0].n).toBe(0);
    });

    it('rotate on every use: a new token each time, and the old one stops working', async () => {
      const session = (await api.login(main.agent.email, main.password)).body;
      const first = await api.refresh(session.refreshToken);
      expect(first.status).toBe(200);
      expect(Object.keys(first.body).sort()).toEqual(['accessToken', 'refreshToken']);
      expect(first.body.refreshToken).not.toBe(session.refreshToken);
      expect((await api.bearer(first.body.accessToken).get('/me')).status).toBe(200);

      const second = await api.refresh(first.body.refreshToken);
      expect(second.status).toBe(200);
      expect(second.body.refreshToken).not.toBe(first.body.refreshToken);

      expectError(await api.refresh(session.refreshToken), 401, 'INVALID_REFRESH_TOKEN');
    });

    it('revoke the whole family when a used token comes back', async () => {
      const session = (await api.login(main.agent.email, main.password)).body;
      const otherSession = (await api.login(main.agent.email, main.password)).body;
      const first = (await api.refresh(session.refreshToken)).body;
      const newest = (await api.refresh(first.refreshToken)).body;

      // someone replays a stolen, already used token
      expectError(await api.refresh(first.refreshToken), 401, 'INVALID_REFRESH_TOKEN');
      expectError(await api.refresh(newest.refreshToken), 401, 'INVALID_REFRESH_TOKEN');

      const family = (jwt.decode(session.accessToken) as { fam: string }).fam;
      const { rows } = await pg.query(
        'SELECT count(*)::int AS total, count(revoked_at)::int AS revoked FROM refresh_tokens WHERE family_id = $1',
        [family],
      );
      expect(rows[0]).toEqual({ total: 3, revoked: 3 });
      // another login of the same agent is another family, untouched
      expect((await api.refresh(otherSession.refreshToken)).status).toBe(200);
    });

    it('logout revokes the session (204) and is idempotent', async () => {
      const session = (await api.login(main.agent.email, main.password)).body;
      const logout = (refreshToken: string) => api.http().post('/api/v1/auth/logout').send({ refreshToken });

      const res = await logout(session.refreshToken);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expectError(await api.refresh(session.refreshToken), 401, 'INVALID_REFRESH_TOKEN');
      expect((await logout(session.refreshToken)).status).toBe(204);
      expect((await logout(randomBytes(32).toString('base64url'))).status).toBe(204);

      const used = (await api.login(main.agent.email, main.password)).body;
      const successor = (await api.refresh(used.refreshToken)).body;
      expect((await logout(used.refreshToken)).status).toBe(204);
      expectError(await api.refresh(successor.refreshToken), 401, 'INVALID_REFRESH_TOKEN');
    });

    it('a password change revokes every family of the agent and starts a fresh session', async () => {
      const pat = await api.signup('Pat');
      const phone = (await api.login(pat.agent.email, pat.password)).body;
      const laptop = (await api.login(pat.agent.email, pat.password)).body;
      const newPassword = 'a-brand-new-password';

      const change = await api
        .bearer(phone.accessToken)
        .post('/auth/password', { currentPassword: pat.password, newPassword });
      expect(change.status).toBe(200);
      expect(change.body).toEqual({
        agent: expect.objectContaining({ id: pat.agent.id }),
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
      });

      for (const old of [pat, phone, laptop]) {
        expectError(await api.refresh(old.refreshToken), 401, 'INVALID_REFRESH_TOKEN');
      }
      expect((await api.bearer(change.body.accessToken).get('/me')).body.agent.id).toBe(pat.agent.id);
      expect((await api.refresh(change.body.refreshToken)).status).toBe(200);

      expectError(await api.login(pat.agent.email, pat.password), 401, 'INVALID_CREDENTIALS');
      expect((await api.login(pat.agent.email, newPassword)).status).toBe(200);
    });

    it('a wrong current password changes nothing', async () => {
      const session = (await api.login(main.agent.email, main.password)).body;
      const before = await pg.query('SELECT password_hash FROM agents WHERE id = $1', [main.agent.id]);
      const res = await api
        .bearer(session.accessToken)
        .post('/auth/password', { currentPassword: 'not-the-password', newPassword: 'a-brand-new-password' });
      expectError(res, 401, 'INVALID_CREDENTIALS');
      const after = await pg.query('SELECT password_hash FROM agents WHERE id = $1', [main.agent.id]);
      expect(after.rows).toEqual(before.rows);
      expect((await api.refresh(session.refreshToken)).status).toBe(200);
    });
  });

  describe('guards', () => {
    // every row has a body (null for none): jest would take a missing last argument for `done`
    const agentRoutes: [string, string, object | null][] = [
      ['GET', '/me', null],
      ['PATCH', '/me', { name: 'X' }],
      ['POST', '/auth/password', { currentPassword: 'x'.repeat(10), newPassword: 'y'.repeat(10) }],
      ['GET', '/websites', null],
      ['POST', '/websites', { name: 'X' }],
      ['GET', '/websites/:id', null],
      ['PATCH', '/websites/:id', { name: 'X' }],
      ['POST', '/websites/:id/key/rotate', null],
      ['GET', '/websites/:id/members', null],
      ['GET', '/websites/:id/conversations', null],
      ['GET', '/conversations/:id', null],
      ['GET', '/conversations/:id/messages', null],
      ['POST', '/conversations/:id/messages', { body: 'hi', clientMessageId: randomUUID() }],
      ['POST', '/conversations/:id/close', null],
      ['POST', '/conversations/:id/reopen', null],
      ['POST', '/conversations/:id/assign', { agentId: null }],
      ['POST', '/conversations/:id/read', { seq: 1 }],
      ['GET', '/websites/not-a-uuid', null],
    ];

    function call(method: string, template: string, body: object | null) {
      const path = template.replace(':id', randomUUID());
      const req =
        method === 'GET'
          ? api.http().get(`/api/v1${path}`)
          : method === 'PATCH'
            ? api.http().patch(`/api/v1${path}`)
            : api.http().post(`/api/v1${path}`);
      return body ? req.send(body) : req;
    }

    it.each(agentRoutes)('%s %s without a token is 401', async (method, path, body) => {
      expectError(await call(method, path, body), 401, 'UNAUTHORIZED');
    });

    it.each(agentRoutes)('%s %s with an expired token is 401', async (method, path, body) => {
      const expired = sign({ iat: now() - 960, exp: now() - 60 });
      expectError(await call(method, path, body).set('Authorization', `Bearer ${expired}`), 401, 'UNAUTHORIZED');
    });

    it.each([
      ['POST', '/auth/signup', 400],
      ['POST', '/auth/login', 400],
      ['POST', '/auth/refresh', 400],
      ['POST', '/auth/logout', 400],
      ['POST', '/widget/bootstrap', 400],
    ])('%s %s is public: an empty body gets %i, not 401', async (method, path, status) => {
      expectError(await call(method, path, {}), status, 'VALIDATION_FAILED');
    });

    it('GET /healthz is public', async () => {
      expect((await api.http().get('/healthz')).status).toBe(200);
    });
  });
});
