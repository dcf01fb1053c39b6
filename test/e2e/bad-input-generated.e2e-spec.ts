import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Api, AgentSession, VisitorSession, WebsiteInfo } from '../support/api';
import { connect, TestSocket } from '../support/sockets';
import { team, visitorConversation } from '../support/team';
import { startTestApp, TestApp } from '../support/test-app';

/** Nested `depth` levels deep: {a: {a: … }}. */
const nested = (depth: number): unknown => (depth === 0 ? 'x' : { a: nested(depth - 1) });

/**
 * Values no field accepts, whatever its type: broken Unicode, control characters, sizes past
 * every limit, wrong types, prototype keys, deep nesting. (Booleans are left out for boolean fields.)
 */
const BAD: [string, unknown][] = [
  ['lone high surrogate', 'x\uD800'],
  ['lone low surrogate', '\uDC00y'],
  ['surrogates reversed', '\uDE00\uD83D'],
  ['NUL', 'a\u0000b'],
  ['bell', 'ding\u0007'],
  ['escape sequence', '\u001b[31mred'],
  ['DEL', 'a\u007f'],
  ['C1 control', 'a\u0085b'],
  ['40,000 characters', 'x'.repeat(40_000)],
  ['5,001 emoji', '😀'.repeat(5_001)],
  ['10,001 combining marks', `e${'\u0301'.repeat(10_000)}`],
  ['huge number', 1e308],
  ['negative fraction', -1.5],
  ['boolean', true],
  ['array of bad strings', ['x\uD800', 'a\u0000']],
  ['__proto__ key', JSON.parse('{"__proto__": {"isAdmin": true}}')],
  ['constructor key', { constructor: { prototype: { polluted: true } } }],
  ['64 levels of nesting', nested(64)],
];

interface Target {
  name: string;
  method: 'post' | 'patch' | 'put' | 'get' | 'delete';
  path: () => string;
  /** A valid body; each of its fields in turn gets each bad value. */
  body?: () => Record<string, unknown>;
  booleans?: string[];
  auth: 'agent' | 'visitor' | 'none';
}

/**
 * At least 300 generated bad inputs across the REST endpoints and socket events: every answer
 * is a 4xx in the contract's error shape (an error ack on the socket), never a 5xx, and no table
 * gains or loses a row.
 */
describe('bad input, everywhere', () => {
  let running: TestApp;
  let api: Api;
  let pg: Client;
  let owner: AgentSession;
  let site: WebsiteInfo;
  let visitor: VisitorSession;
  let conversationId: string;
  let tagId: string;
  let cannedId: string;
  let memberId: string;
  const sockets: TestSocket[] = [];
  let address = 0;
  const nextAddress = () => `198.18.${Math.floor(address / 250)}.${(address++ % 250) + 1}`;

  const TABLES = [
    'agents',
    'websites',
    'website_members',
    'website_keys',
    'visitors',
    'visitor_tokens',
    'conversations',
    'messages',
    'invites',
    'tags',
    'canned_responses',
    'email_tokens',
    'refresh_tokens',
    'audit_events',
    'outbox',
  ];
  // One statement: a pg Client runs one query at a time (queries sent together are deprecated).
  const counts = async (): Promise<Record<string, number>> =>
    (
      await pg.query(
        `SELECT json_build_object(${TABLES.map((t) => `'${t}', (SELECT count(*)::int FROM ${t})`).join(', ')}) AS n`,
      )
    ).rows[0].n;

  beforeAll(async () => {
    running = await startTestApp({ authRateLimit: 100_000 });
    api = running.api;
    pg = new Client({ connectionString: running.db.url });
    await pg.connect();
    const t = await team(api, running.db.url, ['agent'], 'Fuzzed');
    ({ owner, site } = t);
    memberId = t.members[0].agent.id;
    const opened = await visitorConversation(api, running.url, site, 'first');
    sockets.push(opened.socket);
    visitor = opened.visitor;
    conversationId = opened.conversation.id;
    tagId = (await api.as(owner).post(`/websites/${site.id}/tags`, { name: 'vip' })).body.id;
    cannedId = (await api.as(owner).post(`/websites/${site.id}/canned-responses`, { shortcut: 'hi', body: 'Hello!' }))
      .body.id;
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await pg.end();
    await running.close();
  });

  const targets = (): Target[] => [
    {
      name: 'signup',
      method: 'post',
      path: () => '/auth/signup',
      auth: 'none',
      body: () => ({ email: `n-${randomUUID()}@example.com`, password: 'long enough pw', name: 'N' }),
    },
    {
      name: 'login',
      method: 'post',
      path: () => '/auth/login',
      auth: 'none',
      body: () => ({ email: owner.agent.email, password: 'wrong password' }),
    },
    {
      name: 'refresh',
      method: 'post',
      path: () => '/auth/refresh',
      auth: 'none',
      body: () => ({ refreshToken: 'x'.repeat(43) }),
    },
    {
      name: 'forgot',
      method: 'post',
      path: () => '/auth/password/forgot',
      auth: 'none',
      body: () => ({ email: 'nobody@example.com' }),
    },
    {
      name: 'reset',
      method: 'post',
      path: () => '/auth/password/reset',
      auth: 'none',
      body: () => ({ token: 'x'.repeat(43), password: 'long enough pw' }),
    },
    {
      name: 'verify',
      method: 'post',
      path: () => '/auth/verify-email',
      auth: 'none',
      body: () => ({ token: 'x'.repeat(43) }),
    },
    {
      name: 'me',
      method: 'patch',
      path: () => '/me',
      auth: 'agent',
      body: () => ({ name: 'Owner', notifications: { email: 'all' } }),
    },
    {
      name: 'create website',
      method: 'post',
      path: () => '/websites',
      auth: 'agent',
      body: () => ({ name: 'W', allowedOrigins: ['https://a.example'] }),
    },
    {
      name: 'update website',
      method: 'patch',
      path: () => `/websites/${site.id}`,
      auth: 'agent',
      booleans: ['requireVerifiedIdentity'],
      body: () => ({
        name: 'Fuzzed',
        allowedOrigins: [],
        settings: { greeting: 'Hi' },
        assignment: { mode: 'manual' },
        replyPolicy: 'anyone',
        offlineGreeting: 'Later',
        retentionDays: 30,
        requireVerifiedIdentity: false,
      }),
    },
    {
      name: 'invite',
      method: 'post',
      path: () => `/websites/${site.id}/invites`,
      auth: 'agent',
      body: () => ({ email: `i-${randomUUID()}@example.com`, role: 'agent' }),
    },
    {
      name: 'member role',
      method: 'patch',
      path: () => `/websites/${site.id}/members/${memberId}`,
      auth: 'agent',
      body: () => ({ role: 'agent' }),
    },
    {
      name: 'tag',
      method: 'post',
      path: () => `/websites/${site.id}/tags`,
      auth: 'agent',
      body: () => ({ name: `t${randomUUID().slice(0, 8)}` }),
    },
    { name: 'rename tag', method: 'patch', path: () => `/tags/${tagId}`, auth: 'agent', body: () => ({ name: 'vip' }) },
    {
      name: 'canned',
      method: 'post',
      path: () => `/websites/${site.id}/canned-responses`,
      auth: 'agent',
      body: () => ({ shortcut: `s${randomUUID().slice(0, 6)}`, title: 'T', body: 'B' }),
    },
    {
      name: 'edit canned',
      method: 'patch',
      path: () => `/canned-responses/${cannedId}`,
      auth: 'agent',
      body: () => ({ body: 'Hello!' }),
    },
    {
      name: 'conversation tags',
      method: 'put',
      path: () => `/conversations/${conversationId}/tags`,
      auth: 'agent',
      body: () => ({ tags: ['vip'] }),
    },
    {
      name: 'agent message',
      method: 'post',
      path: () => `/conversations/${conversationId}/messages`,
      auth: 'agent',
      body: () => ({ body: 'hi', clientMessageId: randomUUID() }),
    },
    {
      name: 'assign',
      method: 'post',
      path: () => `/conversations/${conversationId}/assign`,
      auth: 'agent',
      body: () => ({ agentId: memberId }),
    },
    {
      name: 'read',
      method: 'post',
      path: () => `/conversations/${conversationId}/read`,
      auth: 'agent',
      body: () => ({ seq: 1 }),
    },
    {
      name: 'accept invite',
      method: 'post',
      path: () => '/invites/accept',
      auth: 'none',
      body: () => ({ token: 'x'.repeat(43), name: 'N', password: 'long enough pw' }),
    },
    {
      name: 'inspect invite',
      method: 'post',
      path: () => '/invites/inspect',
      auth: 'none',
      body: () => ({ token: 'x'.repeat(43) }),
    },
    {
      name: 'bootstrap',
      method: 'post',
      path: () => '/widget/bootstrap',
      auth: 'none',
      body: () => ({
        websiteKey: site.key,
        visitorToken: visitor.visitorToken,
        pageUrl: 'https://shop.example/a',
        pageTitle: 'A',
      }),
    },
    {
      name: 'identify',
      method: 'patch',
      path: () => '/widget/visitor',
      auth: 'visitor',
      body: () => ({ name: 'V', email: 'v@example.com' }),
    },
  ];

  async function send(target: Target, body: unknown, pathOverride?: string) {
    const path = `/api/v1${pathOverride ?? target.path()}`;
    let req = api.http()[target.method](path).set('X-Forwarded-For', nextAddress());
    if (target.auth === 'agent') req = req.set('Authorization', `Bearer ${owner.accessToken}`);
    if (target.auth === 'visitor') req = req.set('X-Visitor-Token', visitor.visitorToken);
    if (body !== undefined) req = req.set('Content-Type', 'application/json').send(JSON.stringify(body));
    return req;
  }

  function expectClientError(
    what: string,
    res: { status: number; body: { error?: { code?: unknown; message?: unknown } } },
  ) {
    const ok = res.status >= 400 && res.status < 500 && typeof res.body?.error?.code === 'string';
    if (!ok) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  }

  it('answers every generated bad REST input with a 4xx and changes nothing', async () => {
    const before = await counts();
    let cases = 0;
    const statuses = new Map<number, number>();
    for (const target of targets()) {
      const valid = target.body!();
      for (const field of Object.keys(valid)) {
        for (const [label, value] of BAD) {
          if (label === 'boolean' && target.booleans?.includes(field)) continue;
          const res = await send(target, { ...valid, [field]: value });
          expectClientError(`${target.name}.${field} = ${label}`, res);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          cases++;
        }
      }
      // the body itself of the wrong shape
      for (const [label, body] of [
        ['array body', [valid]],
        ['string body', 'x\uD800'],
        ['number body', 42],
        ['unknown field', { ...valid, isAdmin: true }],
        ['__proto__ body', JSON.parse(`{"__proto__": {"role": "owner"}, ${JSON.stringify(valid).slice(1)}`)],
      ] as [string, unknown][]) {
        expectClientError(`${target.name}: ${label}`, await send(target, body));
        cases++;
      }
    }
    // malformed JSON and a body past the size limit
    const raw = await api
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": "a@b.c", "password": ');
    expectClientError('truncated JSON', raw);
    const huge = await api
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(200_000) }));
    expectClientError('200 kB body', huge);
    cases += 2;

    expect(await counts()).toEqual(before);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(cases).toBeGreaterThanOrEqual(300);
    console.info(`bad REST inputs: ${cases} cases, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  });

  it('answers bad ids in paths and bad query strings with a 4xx', async () => {
    const ids = [
      'not-a-uuid',
      '00000000-0000-0000-0000-00000000000g',
      '%F0%9F%98%80',
      '..%2F..%2Fetc%2Fpasswd',
      '%00',
      '%ED%A0%80',
      'x'.repeat(5000),
    ];
    const paths = [
      (id: string) => `/conversations/${id}`,
      (id: string) => `/conversations/${id}/messages`,
      (id: string) => `/websites/${id}`,
      (id: string) => `/websites/${id}/audit`,
      (id: string) => `/websites/${site.id}/visitors/${id}/export`,
      (id: string) => `/websites/${site.id}/members/${id}`,
    ];
    let cases = 0;
    for (const path of paths) {
      for (const id of ids) {
        const res = await api.as(owner).get(path(id));
        expectClientError(`GET ${path(id).slice(0, 80)}`, res);
        cases++;
      }
    }
    for (const id of ids) {
      expectClientError(`DELETE /messages/${id.slice(0, 40)}`, await api.as(owner).delete(`/messages/${id}`));
      expectClientError(`DELETE /conversations/${id.slice(0, 40)}`, await api.as(owner).delete(`/conversations/${id}`));
      cases += 2;
    }
    const queries = [
      `/websites/${site.id}/conversations?limit=abc`,
      `/websites/${site.id}/conversations?limit=1e999`,
      `/websites/${site.id}/conversations?limit[]=1`,
      `/websites/${site.id}/conversations?status=bogus`,
      `/websites/${site.id}/conversations?assignee=%ED%A0%80`,
      `/websites/${site.id}/conversations?cursor=%00%01`,
      `/websites/${site.id}/conversations?q=${'%E2%80%AE'.repeat(300)}`,
      `/websites/${site.id}/conversations?tag=a&tag=${'x'.repeat(300)}`,
      `/websites/${site.id}/search?q=`,
      `/websites/${site.id}/search?q=${'x'.repeat(1000)}`,
      `/websites/${site.id}/search?q=a%00b`,
      `/websites/${site.id}/search?q=ok&from=yesterday`,
      `/websites/${site.id}/audit?limit=0`,
      `/websites/${site.id}/audit?cursor=bm90IGEgY3Vyc29y`,
      `/websites/${site.id}/audit?action=%3Cscript%3E`,
      `/conversations/${conversationId}/messages?afterSeq=-1`,
      `/conversations/${conversationId}/messages?afterSeq=99999999999999999999`,
      `/conversations/${conversationId}/messages?limit=201`,
    ];
    for (const query of queries) {
      expectClientError(`GET ${query.slice(0, 80)}`, await api.as(owner).get(query));
      cases++;
    }
    const widget = await api.visitor(visitor.visitorToken).get(`/conversations/${conversationId}/messages?afterSeq=x`);
    expectClientError('widget afterSeq=x', widget);
    console.info(`bad paths and queries: ${cases + 1} cases`);
  });

  it('acks every bad socket payload with an error and keeps the socket', async () => {
    const before = await counts();
    const vs = await connect(running.url, { websiteKey: site.key, visitorToken: visitor.visitorToken });
    const as = await connect(running.url, { token: owner.accessToken });
    sockets.push(vs, as);
    const events: [TestSocket, string, () => Record<string, unknown>][] = [
      [vs, 'message:new', () => ({ conversationId, body: 'hi', clientMessageId: randomUUID() })],
      [vs, 'conversation:open', () => ({ body: 'hi', clientMessageId: randomUUID(), pageUrl: 'https://a.example/' })],
      [vs, 'typing', () => ({ conversationId, typing: true })],
      [as, 'conversation:join', () => ({ conversationId })],
      [as, 'conversation:assign', () => ({ conversationId, agentId: memberId })],
      [as, 'presence:set', () => ({ status: 'away' })],
      [as, 'conversation:close', () => ({ conversationId })],
    ];
    let cases = 0;
    for (const [socket, event, valid] of events) {
      for (const field of Object.keys(valid())) {
        for (const [label, value] of BAD) {
          if (label === 'boolean' && field === 'typing') continue;
          const ack = await socket.emit(event, { ...valid(), [field]: value });
          if (ack.ok !== false || ack.error.code === 'INTERNAL') {
            throw new Error(`${event}.${field} = ${label}: ${JSON.stringify(ack).slice(0, 200)}`);
          }
          cases++;
          // stay under the 20 events a second a socket may send
          await new Promise((r) => setTimeout(r, 55));
        }
      }
      for (const payload of ['x\uD800', 42, null, [valid()], JSON.parse('{"__proto__": {"x": 1}}')]) {
        const ack = await socket.emit(event, payload as Record<string, unknown>);
        expect(ack.ok).toBe(false);
        cases++;
        await new Promise((r) => setTimeout(r, 55));
      }
    }
    expect(vs.socket.connected && as.socket.connected).toBe(true);
    expect(await counts()).toEqual(before);
    expect(cases).toBeGreaterThanOrEqual(100);
    console.info(`bad socket payloads: ${cases} cases`);
  });
});
