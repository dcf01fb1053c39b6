import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AgentSession, Api, expectError, VisitorSession, WebsiteInfo } from '../support/api';
import { startTestApp, TestApp } from '../support/test-app';

/** Every table a tenant's data lives in; a refused cross-tenant call must leave all of them as they were. */
const TABLES: Record<string, string> = {
  websites: 'id',
  website_members: 'website_id, agent_id',
  visitors: 'id',
  conversations: 'id',
  messages: 'id',
  conversation_reads: 'conversation_id, agent_id',
};

describe('tenant isolation and roles', () => {
  let db: { name: string; url: string };
  let running: TestApp;
  let api: Api;
  let pg: Client;
  /** alice owns site A, bob owns site B; on site A carol is an 'agent' and dan an 'admin' */
  let alice: AgentSession;
  let bob: AgentSession;
  let carol: AgentSession;
  let dan: AgentSession;
  let siteA: WebsiteInfo;
  let siteB: WebsiteInfo;
  let visitorA: VisitorSession;
  let visitorB: VisitorSession;
  const ids: Record<string, string> = {};

  async function addMember(websiteId: string, agentId: string, role: string) {
    await pg.query('INSERT INTO website_members (website_id, agent_id, role) VALUES ($1, $2, $3)', [
      websiteId,
      agentId,
      role,
    ]);
  }

  /** A conversation with one visitor message, straight into the tables (visitors open them over the socket). */
  async function conversation(websiteId: string, visitorId: string, options: { closed?: boolean; assignee?: string }) {
    const { rows } = await pg.query(
      `INSERT INTO conversations (website_id, visitor_id, status, closed_at, assignee_id, last_seq)
       VALUES ($1, $2, $3, $4, $5, 1) RETURNING id`,
      [websiteId, visitorId, options.closed ? 'closed' : 'open', options.closed ? new Date() : null, options.assignee],
    );
    await pg.query(
      `INSERT INTO messages (conversation_id, seq, client_message_id, sender_type, sender_visitor_id, body)
       VALUES ($1, 1, $2, 'visitor', $3, 'Hello, my order is late')`,
      [rows[0].id, randomUUID(), visitorId],
    );
    return rows[0].id as string;
  }

  async function snapshot(): Promise<Record<string, unknown[]>> {
    const result: Record<string, unknown[]> = {};
    for (const [table, key] of Object.entries(TABLES)) {
      result[table] = (await pg.query(`SELECT * FROM ${table} ORDER BY ${key}`)).rows;
    }
    return result;
  }

  beforeAll(async () => {
    running = await startTestApp({ authRateLimit: 1000 });
    ({ db, api } = running);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    [alice, bob, carol, dan] = await Promise.all([
      api.signup('Alice'),
      api.signup('Bob'),
      api.signup('Carol'),
      api.signup('Dan'),
    ]);
    siteA = await api.website(alice, { name: 'Site A' });
    siteB = await api.website(bob, { name: 'Site B' });
    await addMember(siteA.id, carol.agent.id, 'agent');
    await addMember(siteA.id, dan.agent.id, 'admin');
    visitorA = await api.bootstrap(siteA.key);
    visitorB = await api.bootstrap(siteB.key);
    ids.siteA = siteA.id;
    ids.convA = await conversation(siteA.id, visitorA.visitor.id, { assignee: alice.agent.id });
    ids.closedConvA = await conversation(siteA.id, visitorA.visitor.id, { closed: true });
    ids.convB = await conversation(siteB.id, visitorB.visitor.id, {});
    await pg.query('INSERT INTO conversation_reads (conversation_id, agent_id, last_read_seq) VALUES ($1, $2, 0)', [
      ids.convA,
      alice.agent.id,
    ]);
  });
  afterAll(async () => {
    await pg.end();
    await running.close();
  });

  describe('websites of an agent', () => {
    it('makes the creator owner and gives the website a unique pk_ key of at least 128 random bits', async () => {
      const created = await Promise.all([1, 2, 3].map((n) => api.website(alice, { name: `Shop ${n}` })));
      for (const website of created) {
        expect(website).toMatchObject({
          id: expect.any(String),
          name: expect.stringMatching(/^Shop \d$/),
          role: 'owner',
        });
        const random = website.key.slice(3);
        expect(website.key.startsWith('pk_')).toBe(true);
        expect(random).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(Buffer.from(random, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
        const { rows } = await pg.query('SELECT agent_id, role FROM website_members WHERE website_id = $1', [
          website.id,
        ]);
        expect(rows).toEqual([{ agent_id: alice.agent.id, role: 'owner' }]);
      }
      const keys = (await pg.query('SELECT key FROM websites')).rows.map((r) => r.key);
      expect(new Set(keys).size).toBe(keys.length);
    });

    it('lists only the websites the agent is a member of, with their role', async () => {
      const mine = await api.as(bob).get('/websites');
      expect(mine.status).toBe(200);
      expect(mine.body).toEqual({
        items: [expect.objectContaining({ id: siteB.id, role: 'owner' })],
        nextCursor: null,
      });

      const carols = await api.as(carol).get('/websites');
      expect(carols.body.items.map((w: { id: string; role: string }) => [w.id, w.role])).toEqual([[siteA.id, 'agent']]);
      const alices = await api.as(alice).get('/websites');
      expect(alices.body.items.map((w: { id: string }) => w.id)).toContain(siteA.id);
      expect(alices.body.items.map((w: { id: string }) => w.id)).not.toContain(siteB.id);

      const me = await api.as(bob).get('/me');
      expect(me.body).toEqual({
        agent: expect.objectContaining({ id: bob.agent.id }),
        websites: [{ id: siteB.id, name: 'Site B', role: 'owner' }],
        presence: 'online',
      });
    });

    it('gets, patches and lists the members of a website', async () => {
      const website = await api.website(alice, { name: 'Patch me', allowedOrigins: ['https://one.example'] });
      const got = await api.as(alice).get(`/websites/${website.id}`);
      expect(got.status).toBe(200);
      expect(got.body).toEqual({
        id: website.id,
        name: 'Patch me',
        key: website.key,
        allowedOrigins: ['https://one.example'],
        settings: { color: expect.any(String), greeting: expect.any(String), position: 'right' },
        assignment: { mode: 'manual', maxOpenPerAgent: null },
        replyPolicy: 'anyone',
        businessHours: null,
        offlineGreeting: null,
        retentionDays: null,
        requireVerifiedIdentity: false,
        locale: 'auto',
        csatEnabled: true,
        identitySecretSet: false,
        rotatedKeys: [],
        role: 'owner',
        createdAt: expect.any(String),
      });

      const patched = await api.as(alice).patch(`/websites/${website.id}`, {
        name: '  Patched  ',
        allowedOrigins: ['https://two.example', 'http://localhost:8080'],
        settings: { color: '#00aa55', greeting: 'Hello there', position: 'left' },
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        name: 'Patched',
        allowedOrigins: ['https://two.example', 'http://localhost:8080'],
        settings: { color: '#00aa55', greeting: 'Hello there', position: 'left' },
      });
      // a partial settings patch keeps the other settings
      const partial = await api.as(alice).patch(`/websites/${website.id}`, { settings: { color: '#112233' } });
      expect(partial.body.settings).toEqual({ color: '#112233', greeting: 'Hello there', position: 'left' });
      expect(partial.body.name).toBe('Patched');
      expect((await api.as(alice).get(`/websites/${website.id}`)).body).toEqual(partial.body);

      const members = await api.as(carol).get(`/websites/${siteA.id}/members`);
      expect(members.status).toBe(200);
      expect(members.body.nextCursor).toBeNull();
      expect(
        members.body.items.map((m: { agent: { id: string }; role: string }) => `${m.agent.id}:${m.role}`).sort(),
      ).toEqual([`${alice.agent.id}:owner`, `${carol.agent.id}:agent`, `${dan.agent.id}:admin`].sort());
    });
  });

  describe('roles', () => {
    it.each([
      ['owner', () => alice],
      ['admin', () => dan],
    ])('an %s may change the settings and rotate the key', async (_, who) => {
      const website = await api.website(alice, { name: 'Managed' });
      if (who() === dan) await addMember(website.id, dan.agent.id, 'admin');
      const patched = await api
        .as(who())
        .patch(`/websites/${website.id}`, { name: 'Renamed', settings: { position: 'left' } });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ name: 'Renamed', settings: { position: 'left' } });
      const rotated = await api.as(who()).post(`/websites/${website.id}/key/rotate`);
      expect(rotated.status).toBe(200);
      expect(rotated.body.key).toMatch(/^pk_/);
      expect(rotated.body.key).not.toBe(website.key);
    });

    it.each([
      ['PATCH', `/websites/:site`, { name: 'Mine now' }],
      ['PATCH', `/websites/:site`, { settings: { greeting: 'Mine now' } }],
      ['PATCH', `/websites/:site`, { allowedOrigins: ['https://evil.example'] }],
      ['POST', `/websites/:site/key/rotate`, {}],
    ])("an 'agent' member is refused %s %s %j with 403 and nothing changes", async (method, path, body) => {
      const before = await snapshot();
      const url = path.replace(':site', siteA.id);
      const res = method === 'PATCH' ? await api.as(carol).patch(url, body) : await api.as(carol).post(url, body);
      expectError(res, 403, 'FORBIDDEN');
      expect(await snapshot()).toEqual(before);
    });

    it("an 'agent' member may read the website, its members and its conversations", async () => {
      expect((await api.as(carol).get(`/websites/${siteA.id}`)).body).toMatchObject({ id: siteA.id, role: 'agent' });
      expect((await api.as(carol).get(`/websites/${siteA.id}/members`)).status).toBe(200);
      const inbox = await api.as(carol).get(`/websites/${siteA.id}/conversations`);
      expect(inbox.status).toBe(200);
      expect(inbox.body.items.map((c: { id: string }) => c.id).sort()).toEqual([ids.convA, ids.closedConvA].sort());
      expect((await api.as(carol).get(`/conversations/${ids.convA}/messages`)).body.messages).toHaveLength(1);
    });
  });

  describe('the isolation matrix: bob (site B) reaches for site A', () => {
    type Row = [name: string, method: 'GET' | 'POST' | 'PATCH', path: string, body: object | null];
    const agentCases: Row[] = [
      ['get the website', 'GET', '/websites/:siteA', null],
      ['list its members', 'GET', '/websites/:siteA/members', null],
      ['list its conversations', 'GET', '/websites/:siteA/conversations', null],
      ['list its open conversations', 'GET', '/websites/:siteA/conversations?status=open&limit=5', null],
      ['search its conversations', 'GET', '/websites/:siteA/conversations?q=order', null],
      ['list its unassigned conversations', 'GET', '/websites/:siteA/conversations?assignee=none', null],
      ['rename it', 'PATCH', '/websites/:siteA', { name: 'Taken over' }],
      ['change its allowed origins', 'PATCH', '/websites/:siteA', { allowedOrigins: ['https://evil.example'] }],
      ['change its widget settings', 'PATCH', '/websites/:siteA', { settings: { greeting: 'Send me your card' } }],
      ['rotate its key', 'POST', '/websites/:siteA/key/rotate', null],
      ['get a conversation', 'GET', '/conversations/:convA', null],
      ['read its messages', 'GET', '/conversations/:convA/messages', null],
      ['read its messages after seq 0', 'GET', '/conversations/:convA/messages?afterSeq=0&limit=10', null],
      ['read its messages before seq 2', 'GET', '/conversations/:convA/messages?beforeSeq=2', null],
      ['write into it', 'POST', '/conversations/:convA/messages', { body: 'hi from B', clientMessageId: randomUUID() }],
      [
        'write into a closed one',
        'POST',
        '/conversations/:closedConvA/messages',
        { body: 'hi from B', clientMessageId: randomUUID() },
      ],
      ['close it', 'POST', '/conversations/:convA/close', null],
      ['reopen a closed one', 'POST', '/conversations/:closedConvA/reopen', null],
      ['assign it to himself', 'POST', '/conversations/:convA/assign', { agentId: ':bob' }],
      ['unassign it', 'POST', '/conversations/:convA/assign', { agentId: null }],
      ['move its read marker', 'POST', '/conversations/:convA/read', { seq: 1 }],
    ];

    function fill(text: string, real: boolean): string {
      return text.replace(/:(siteA|convA|closedConvA|bob)\b/g, (_, name: string) => {
        if (name === 'bob') return bob.agent.id;
        return real ? ids[name] : randomUUID();
      });
    }

    function send(as: AgentSession, [, method, path, body]: Row, real: boolean) {
      const url = fill(path, real);
      const payload = body ? JSON.parse(fill(JSON.stringify(body), real)) : undefined;
      if (method === 'GET') return api.as(as).get(url);
      if (method === 'PATCH') return api.as(as).patch(url, payload);
      return api.as(as).post(url, payload);
    }

    const visitorCases: [string, string][] = [
      ["read a conversation's messages", '/conversations/:convA/messages'],
      ["read a conversation's messages after seq 0", '/conversations/:convA/messages?afterSeq=0'],
    ];
    const total = agentCases.length + visitorCases.length + 1;

    afterAll(() => console.info(`tenant isolation cases: ${total}`));

    it.each(agentCases)('bob may not %s: 404 like an unknown id, nothing changes', async (...row) => {
      const before = await snapshot();
      const cross = await send(bob, row, true);
      const unknown = await send(bob, row, false);
      expectError(unknown, 404, 'NOT_FOUND');
      expect({ status: cross.status, body: cross.body }).toEqual({ status: unknown.status, body: unknown.body });
      expect(await snapshot()).toEqual(before);
      // alice still can: the ids are real
      if (row[1] === 'GET') expect((await send(alice, row, true)).status).toBe(200);
    });

    it.each(visitorCases)("site B's visitor may not %s of site A: 404 like an unknown id", async (_, path) => {
      const cross = await api.visitor(visitorB.visitorToken).get(fill(path, true));
      const unknown = await api.visitor(visitorB.visitorToken).get(fill(path, false));
      expectError(unknown, 404, 'NOT_FOUND');
      expect({ status: cross.status, body: cross.body }).toEqual({ status: unknown.status, body: unknown.body });
      expect((await api.visitor(visitorA.visitorToken).get(fill(path, true))).status).toBe(200);
    });

    it('bob may not assign his own conversation to alice, who is not a member of site B: refused like an unknown agent', async () => {
      const before = await snapshot();
      const toAlice = await api.as(bob).post(`/conversations/${ids.convB}/assign`, { agentId: alice.agent.id });
      const toNobody = await api.as(bob).post(`/conversations/${ids.convB}/assign`, { agentId: randomUUID() });
      expect([400, 404]).toContain(toAlice.status);
      expectError(toAlice, toAlice.status, toAlice.body.error.code);
      expect({ status: toAlice.status, body: toAlice.body }).toEqual({ status: toNobody.status, body: toNobody.body });
      expect(await snapshot()).toEqual(before);
      const { rows } = await pg.query('SELECT assignee_id FROM conversations WHERE id = $1', [ids.convB]);
      expect(rows[0].assignee_id).toBeNull();
    });
  });
});
