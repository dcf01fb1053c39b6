import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Api } from '../support/api';
import { connect, refusal, TestSocket } from '../support/sockets';
import { until } from '../support/team';
import { RunningApp, startApp, startCluster, TestCluster } from '../support/test-app';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Far longer than any wait below: a refusal seen in time comes from the invalidation, not the lifetime. */
const CACHE_TTL_MS = 120_000;
/** How long "at once" may take: the announcement crosses Redis. */
const AT_ONCE_MS = 1000;

describe('handshake lookups cached on two instances over Redis', () => {
  let cluster: TestCluster;
  let a: RunningApp;
  let b: RunningApp;
  let api: Api;
  let pg: Client;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    cluster = await startCluster(2, {
      redisUrl: REDIS_URL,
      redisPrefix: `zendo-test-${randomBytes(4).toString('hex')}:`,
      jwtSecret: randomBytes(32).toString('hex'),
      authRateLimit: 10_000,
      wsConnectRateLimit: 100_000,
      keyRotationGraceHours: 0,
      handshakeCacheTtlMs: CACHE_TTL_MS,
    });
    [a, b] = cluster.instances;
    api = new Api(a.url);
    pg = new Client({ connectionString: cluster.db.url });
    await pg.connect();
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await pg.end();
    await cluster.close();
  });

  const open = async (url: string, auth: Record<string, unknown>, origin?: string) => {
    const socket = await connect(url, auth, origin);
    sockets.push(socket);
    return socket;
  };

  /** A website on A, and a visitor whose handshake B has just answered (and so keeps). */
  async function visitorKnownToB() {
    const owner = await api.signup('Owner');
    const site = await api.website(owner);
    const visitor = await api.bootstrap(site.key);
    const auth = { websiteKey: site.key, visitorToken: visitor.visitorToken };
    (await open(b.url, auth)).close();
    return { owner, site, visitor, auth };
  }

  const refusedOnB = (auth: Record<string, unknown>, code: string, origin?: string, within = AT_ONCE_MS) =>
    until(`B refuses with ${code}`, async () => (await refusal(b.url, auth, origin)) === code, within, 50);

  it('answers a known visitor from memory: the database row can go without B noticing within the lifetime', async () => {
    const { auth, visitor } = await visitorKnownToB();
    // Behind the application's back (no announcement): only the cache can still say yes.
    const hash = createHash('sha256').update(visitor.visitorToken).digest();
    await pg.query("UPDATE visitor_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1", [hash]);
    expect(await refusal(b.url, auth)).toBe('CONNECTED');
    // A, which never answered this handshake, goes to the database.
    expect(await refusal(a.url, auth)).toBe('UNAUTHORIZED');
  });

  it('refuses the old key on B at once when A rotates it (no grace)', async () => {
    const { owner, site, auth } = await visitorKnownToB();
    const rotated = await api.as(owner).post(`/websites/${site.id}/key/rotate`);
    expect(rotated.status).toBe(200);
    await refusedOnB(auth, 'UNAUTHORIZED');
    expect(await refusal(b.url, { ...auth, websiteKey: rotated.body.key })).toBe('CONNECTED');
  });

  it('refuses an erased visitor on B at once when A erases them', async () => {
    const { owner, site, visitor, auth } = await visitorKnownToB();
    const erased = await api.as(owner).delete(`/websites/${site.id}/visitors/${visitor.visitor.id}`);
    expect(erased.status).toBe(204);
    await refusedOnB(auth, 'UNAUTHORIZED');
  });

  it("applies A's change to the origin allowlist on B at once", async () => {
    const { owner, site, auth } = await visitorKnownToB();
    const updated = await api.as(owner).patch(`/websites/${site.id}`, { allowedOrigins: ['https://shop.example'] });
    expect(updated.status).toBe(200);
    await refusedOnB(auth, 'ORIGIN_NOT_ALLOWED', 'https://elsewhere.example');
    expect(await refusal(b.url, auth, 'https://shop.example')).toBe('CONNECTED');
  });

  it('refuses an agent on B at once when they log out on A', async () => {
    const agent = await api.signup('Leaving');
    (await open(b.url, { token: agent.accessToken })).close();
    expect((await api.http().post('/api/v1/auth/logout').send({ refreshToken: agent.refreshToken })).status).toBe(204);
    // B keeps a live session's answer for a second: sooner than that, only the announcement refuses it.
    await refusedOnB({ token: agent.accessToken }, 'UNAUTHORIZED', undefined, 300);
  });
});

describe('a handshake storm on a small pool', () => {
  let cluster: TestCluster;
  let pg: Client;

  beforeAll(async () => {
    cluster = await startCluster(0, {});
    pg = new Client({ connectionString: cluster.db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await cluster.close();
  });

  /** `count` visitors of one website, straight into the database; their handshake auths. */
  async function visitors(count: number) {
    const { rows } = await pg.query<{ id: string; key: string }>(
      "INSERT INTO websites (name, key) VALUES ('Storm', $1) RETURNING id, key",
      [`wk_${randomBytes(12).toString('hex')}`],
    );
    const tokens = Array.from({ length: count }, () => randomBytes(24).toString('base64url'));
    await pg.query(
      `WITH t AS (SELECT unnest($2::text[]) AS token),
            v AS (INSERT INTO visitors (website_id) SELECT $1 FROM t RETURNING id),
            pairs AS (SELECT v.id, t.token FROM (SELECT id, row_number() OVER () AS n FROM v) v
                      JOIN (SELECT token, row_number() OVER () AS n FROM t) t USING (n))
       INSERT INTO visitor_tokens (token_hash, visitor_id, website_id, expires_at)
       SELECT sha256(convert_to(token, 'UTF8')), id, $1, now() + interval '1 day' FROM pairs`,
      [rows[0].id, tokens],
    );
    return tokens.map((visitorToken) => ({ websiteKey: rows[0].key, visitorToken }));
  }

  const settle = (url: string, auths: Record<string, unknown>[]) =>
    Promise.all(
      auths.map((auth) =>
        connect(url, auth).then(
          (socket) => (socket.close(), 'CONNECTED'),
          (error: Error & { data?: { retryAfter?: number } }) =>
            error.message === 'BUSY' ? `BUSY after ${error.data?.retryAfter}` : error.message,
        ),
      ),
    );
  const count = (outcomes: string[]) =>
    outcomes.reduce<Record<string, number>>((all, o) => ({ ...all, [o]: (all[o] ?? 0) + 1 }), {});

  it('lets 600 handshakes at once wait their turn on a pool of 2, none failing', async () => {
    const app = await startApp(cluster.db.url, { dbPoolSize: 2, wsConnectRateLimit: 100_000 });
    try {
      expect(count(await settle(app.url, await visitors(600)))).toEqual({ CONNECTED: 600 });
    } finally {
      await app.close();
    }
  });

  it('refuses past the queue bound with BUSY and a retryAfter, and answers once the storm is over', async () => {
    const app = await startApp(cluster.db.url, {
      dbPoolSize: 2,
      wsConnectRateLimit: 100_000,
      handshakeQueueMax: 5,
    });
    try {
      const auths = await visitors(400);
      // The storm meets a database that holds its lookups for a moment (as a slow one would), so
      // the queue fills on any machine, however fast its lookups are otherwise.
      await pg.query('BEGIN');
      await pg.query('LOCK TABLE visitor_tokens IN ACCESS EXCLUSIVE MODE');
      const storm = settle(app.url, auths);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await pg.query('COMMIT');
      const outcomes = count(await storm);
      expect(Object.keys(outcomes).sort()).toEqual(['BUSY after 1', 'CONNECTED']);
      expect(outcomes['BUSY after 1']).toBeGreaterThan(0);
      const refused = auths.filter((_, i) => i % 40 === 0);
      expect(count(await Promise.all(refused.map((auth) => refusal(app.url, auth))))).toEqual({
        CONNECTED: refused.length,
      });
    } finally {
      await app.close();
    }
  });
});
