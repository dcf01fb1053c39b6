import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AgentSession, Api, expectError, VisitorSession, WebsiteInfo } from '../support/api';
import { startTestApp, TestApp } from '../support/test-app';

interface BadInput {
  name: string;
  /** the path as the test name shows it */
  shown: string;
  method: 'GET' | 'POST' | 'PATCH';
  /** `:site` and `:conv` stand for a real website and conversation of the agent */
  path: string;
  /** sent as JSON */
  body?: unknown;
  /** sent as it is, for bodies a JSON serialiser cannot produce */
  raw?: string;
  contentType?: string;
  status: number;
  code: string;
}

const x = (n: number) => 'x'.repeat(n);
const longEmail = `${'a'.repeat(243)}@example.com`;
const signupOk = { email: 'new-agent@example.com', password: 'long-enough-pw', name: 'New' };
const message = () => ({ body: 'hello', clientMessageId: randomUUID() });
const cursor = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
let deep = '"x"';
for (let i = 0; i < 3000; i++) deep = `{"a":${deep}}`;

function bad(
  method: BadInput['method'],
  path: string,
  name: string,
  body?: unknown,
  expected: Partial<BadInput> = {},
): BadInput {
  const shown = path.replace(/cursor=[A-Za-z0-9_-]{20,}/, 'cursor=<crafted>');
  return { name, shown, method, path, body, status: 400, code: 'VALIDATION_FAILED', ...expected };
}
const raw = (text: string, code = 'MALFORMED_JSON', contentType = 'application/json') => ({
  raw: text,
  code,
  contentType,
});

const cases: BadInput[] = [
  // POST /auth/signup
  bad('POST', '/auth/signup', 'an id field', { ...signupOk, id: randomUUID() }),
  bad('POST', '/auth/signup', 'a role field', { ...signupOk, role: 'owner' }),
  bad('POST', '/auth/signup', 'no email', { password: signupOk.password, name: 'New' }),
  bad('POST', '/auth/signup', 'a number as email', { ...signupOk, email: 42 }),
  bad('POST', '/auth/signup', 'an email without @', { ...signupOk, email: 'not-an-email' }),
  bad('POST', '/auth/signup', 'an email of 255 characters', { ...signupOk, email: longEmail }),
  bad('POST', '/auth/signup', 'an array as email', { ...signupOk, email: ['a@example.com'] }),
  bad('POST', '/auth/signup', 'no password', { email: signupOk.email, name: 'New' }),
  bad('POST', '/auth/signup', 'a number as password', { ...signupOk, password: 12345678901 }),
  bad('POST', '/auth/signup', 'a password of 9 characters', { ...signupOk, password: x(9) }),
  bad('POST', '/auth/signup', 'a password of 129 characters', { ...signupOk, password: x(129) }),
  bad('POST', '/auth/signup', 'a password of 73 bytes', { ...signupOk, password: x(73) }),
  bad('POST', '/auth/signup', 'a password of 30 emoji (120 bytes)', { ...signupOk, password: '😀'.repeat(30) }),
  bad('POST', '/auth/signup', 'an empty name', { ...signupOk, name: '' }),
  bad('POST', '/auth/signup', 'a name of spaces only', { ...signupOk, name: '    ' }),
  bad('POST', '/auth/signup', 'a name of 101 characters', { ...signupOk, name: x(101) }),
  bad('POST', '/auth/signup', 'a null name', { ...signupOk, name: null }),
  bad('POST', '/auth/signup', 'a NUL character in the name', { ...signupOk, name: 'Ann\u0000' }),
  bad('POST', '/auth/signup', 'a JSON array as body', [signupOk]),
  bad('POST', '/auth/signup', 'a JSON string as body', undefined, raw('"hello"')),
  bad('POST', '/auth/signup', 'JSON null as body', undefined, raw('null')),
  bad('POST', '/auth/signup', 'truncated JSON', undefined, raw('{"email": ')),
  bad(
    'POST',
    '/auth/signup',
    'a text/plain body',
    undefined,
    raw('email=a@example.com', 'VALIDATION_FAILED', 'text/plain'),
  ),
  bad(
    'POST',
    '/auth/signup',
    'a __proto__ field',
    undefined,
    raw(`{"email":"p@example.com","password":"long-enough-pw","name":"P","__proto__":{"id":"x"}}`, 'VALIDATION_FAILED'),
  ),
  bad(
    'POST',
    '/auth/signup',
    'a constructor field',
    undefined,
    raw(
      `{"email":"c@example.com","password":"long-enough-pw","name":"C","constructor":{"prototype":{}}}`,
      'VALIDATION_FAILED',
    ),
  ),
  bad(
    'POST',
    '/auth/signup',
    'a name nested 3000 objects deep',
    undefined,
    raw(`{"name":${deep}}`, 'VALIDATION_FAILED'),
  ),
  // POST /auth/login
  bad('POST', '/auth/login', 'no password', { email: 'a@example.com' }),
  bad('POST', '/auth/login', 'an object as email', { email: { $ne: '' }, password: 'whatever-pw' }),
  bad('POST', '/auth/login', 'a rememberMe field', {
    email: 'a@example.com',
    password: 'whatever-pw',
    rememberMe: true,
  }),
  bad('POST', '/auth/login', 'an email of 255 characters', { email: longEmail, password: 'whatever-pw' }),
  bad('POST', '/auth/login', 'a password of 129 characters', { email: 'a@example.com', password: x(129) }),
  bad('POST', '/auth/login', 'a password of 73 bytes', { email: 'a@example.com', password: x(73) }),
  bad('POST', '/auth/login', 'a NUL character in the email', { email: 'a\u0000@example.com', password: 'whatever-pw' }),
  bad('POST', '/auth/login', 'a trailing comma', undefined, raw('{"email":"a@example.com","password":"whatever-pw",}')),
  bad('POST', '/auth/login', 'single-quoted JSON', undefined, raw(`{'email':'a@example.com'}`)),
  // POST /auth/refresh, /auth/logout
  bad('POST', '/auth/refresh', 'no refreshToken', {}),
  bad('POST', '/auth/refresh', 'a number as refreshToken', { refreshToken: 123 }),
  bad('POST', '/auth/refresh', 'a refreshToken of 201 characters', { refreshToken: x(201) }),
  bad('POST', '/auth/refresh', 'an agentId field', { refreshToken: x(43), agentId: randomUUID() }),
  bad('POST', '/auth/logout', 'an empty refreshToken', { refreshToken: '' }),
  bad('POST', '/auth/logout', 'a null refreshToken', { refreshToken: null }),
  // POST /auth/password
  bad('POST', '/auth/password', 'a new password of 9 characters', { currentPassword: x(12), newPassword: x(9) }),
  bad('POST', '/auth/password', 'a new password of 73 bytes', { currentPassword: x(12), newPassword: x(73) }),
  bad('POST', '/auth/password', 'no currentPassword', { newPassword: x(12) }),
  bad('POST', '/auth/password', 'an agentId field', {
    currentPassword: x(12),
    newPassword: x(12),
    agentId: randomUUID(),
  }),
  // PATCH /me
  bad('PATCH', '/me', 'a name of 101 characters', { name: x(101) }),
  bad('PATCH', '/me', 'an email field', { email: 'other@example.com' }),
  bad('PATCH', '/me', 'an empty name', { name: '' }),
  // POST /websites, PATCH /websites/:id
  bad('POST', '/websites', 'no name', {}),
  bad('POST', '/websites', 'a name of 101 characters', { name: x(101) }),
  bad('POST', '/websites', 'a NUL character in the name', { name: 'Shop\u0000' }),
  bad('POST', '/websites', 'allowedOrigins as a string', { name: 'S', allowedOrigins: 'https://a.example' }),
  bad('POST', '/websites', 'an origin with a path', { name: 'S', allowedOrigins: ['https://a.example/shop'] }),
  bad('POST', '/websites', 'an origin with a trailing slash', { name: 'S', allowedOrigins: ['https://a.example/'] }),
  bad('POST', '/websites', 'a javascript: origin', { name: 'S', allowedOrigins: ['javascript:alert(1)'] }),
  bad('POST', '/websites', '51 origins', {
    name: 'S',
    allowedOrigins: Array.from({ length: 51 }, (_, i) => `https://s${i}.example`),
  }),
  bad('POST', '/websites', 'a number as origin', { name: 'S', allowedOrigins: [123] }),
  bad('PATCH', '/websites/:site', 'settings.color "red"', { settings: { color: 'red' } }),
  bad('PATCH', '/websites/:site', 'settings.position "top"', { settings: { position: 'top' } }),
  bad('PATCH', '/websites/:site', 'a greeting of 201 characters', { settings: { greeting: x(201) } }),
  bad('PATCH', '/websites/:site', 'a NUL character in the greeting', { settings: { greeting: 'Hi\u0000' } }),
  bad('PATCH', '/websites/:site', 'an unknown setting', { settings: { font: 'Comic Sans' } }),
  bad('PATCH', '/websites/:site', 'settings as a string', { settings: 'blue' }),
  bad('PATCH', '/websites/:site', 'settings as an array', { settings: [] }),
  bad('PATCH', '/websites/:site', 'a key field', { key: 'pk_chosen_by_me_123456789' }),
  bad('PATCH', '/websites/:site', 'a role field', { role: 'owner' }),
  bad('GET', '/websites/not-a-uuid', 'a website id that is not a UUID'),
  bad('GET', '/websites/123', 'a numeric website id'),
  bad('PATCH', '/websites/not-a-uuid', 'a website id that is not a UUID', { name: 'S' }),
  bad('POST', '/websites/not-a-uuid/key/rotate', 'a website id that is not a UUID'),
  bad('GET', '/websites/not-a-uuid/members', 'a website id that is not a UUID'),
  bad('GET', '/websites/not-a-uuid/conversations', 'a website id that is not a UUID'),
  // GET /websites/:id/conversations
  bad('GET', '/websites/:site/conversations?status=pending', 'an unknown status'),
  bad('GET', '/websites/:site/conversations?status=open&status=closed', 'two statuses'),
  bad('GET', '/websites/:site/conversations?assignee=someone', 'an assignee that is not me, none or a UUID'),
  bad('GET', '/websites/:site/conversations?limit=0', 'limit 0'),
  bad('GET', '/websites/:site/conversations?limit=101', 'limit 101'),
  bad('GET', '/websites/:site/conversations?limit=abc', 'limit abc'),
  bad('GET', '/websites/:site/conversations?limit=-1', 'limit -1'),
  bad('GET', '/websites/:site/conversations?cursor=garbage', 'a made-up cursor'),
  // Cursors hold integer microseconds; anything the server did not write is refused before it reaches SQL.
  bad('GET', `/websites/:site/conversations?cursor=${cursor(`2020-01-01|${randomUUID()}`)}`, 'a cursor with a date'),
  bad('GET', `/websites/:site/conversations?cursor=${cursor(`2020-02-30|${randomUUID()}`)}`, 'a cursor on 30 February'),
  bad(
    'GET',
    `/websites/:site/conversations?cursor=${cursor(`${'9'.repeat(20)}|${randomUUID()}`)}`,
    'a cursor past any date',
  ),
  bad('GET', '/websites/:site/conversations?foo=1', 'an unknown parameter'),
  bad('GET', '/websites/:site/conversations?q=%00', 'a NUL character in q'),
  bad('GET', '/websites/:site/conversations?tag=%00', 'a NUL character in tag'),
  // GET /conversations/:id and its messages
  bad('GET', '/conversations/not-a-uuid', 'a conversation id that is not a UUID'),
  bad('GET', "/conversations/1'%20OR%20'1'%3D'1", 'an SQL-looking conversation id'),
  bad('GET', '/conversations/:conv/messages?afterSeq=-1', 'afterSeq -1'),
  bad('GET', '/conversations/:conv/messages?afterSeq=1.5', 'afterSeq 1.5'),
  bad('GET', '/conversations/:conv/messages?afterSeq=abc', 'afterSeq abc'),
  bad('GET', '/conversations/:conv/messages?afterSeq=', 'an empty afterSeq'),
  bad('GET', '/conversations/:conv/messages?afterSeq=1&afterSeq=2', 'two afterSeqs'),
  bad('GET', '/conversations/:conv/messages?afterSeq=99999999999', 'afterSeq beyond a 32-bit integer'),
  bad('GET', '/conversations/:conv/messages?limit=201', 'limit 201'),
  bad('GET', '/conversations/:conv/messages?limit=0', 'limit 0'),
  bad('GET', '/conversations/:conv/messages?limit=-1', 'limit -1'),
  bad('GET', '/conversations/:conv/messages?limit=1.5', 'limit 1.5'),
  bad('GET', '/conversations/:conv/messages?limit=abc', 'limit abc'),
  bad('GET', '/conversations/:conv/messages?limit=', 'an empty limit'),
  bad('GET', '/conversations/:conv/messages?afterSeq=1&beforeSeq=5', 'afterSeq and beforeSeq together'),
  // POST /conversations/:id/...
  bad('POST', '/conversations/:conv/messages', 'no body', { clientMessageId: randomUUID() }),
  bad('POST', '/conversations/:conv/messages', 'a body of spaces only', { ...message(), body: '   \n ' }),
  bad('POST', '/conversations/:conv/messages', 'a body of 5001 characters', { ...message(), body: x(5001) }),
  bad('POST', '/conversations/:conv/messages', 'a number as body', { ...message(), body: 42 }),
  bad('POST', '/conversations/:conv/messages', 'a NUL character in the body', { ...message(), body: 'hi\u0000' }),
  bad('POST', '/conversations/:conv/messages', 'a clientMessageId that is not a UUID', {
    ...message(),
    clientMessageId: 'abc',
  }),
  bad('POST', '/conversations/:conv/messages', 'no clientMessageId', { body: 'hello' }),
  bad('POST', '/conversations/:conv/messages', 'a sender field', { ...message(), sender: { type: 'system' } }),
  bad('POST', '/conversations/not-a-uuid/messages', 'a conversation id that is not a UUID', message()),
  bad('POST', '/conversations/:conv/assign', 'an agentId that is not a UUID', { agentId: 'abc' }),
  bad('POST', '/conversations/:conv/assign', 'no agentId', {}),
  bad('POST', '/conversations/:conv/assign', 'a websiteId field', { agentId: null, websiteId: randomUUID() }),
  bad('POST', '/conversations/:conv/read', 'seq -1', { seq: -1 }),
  bad('POST', '/conversations/:conv/read', 'seq as a string', { seq: '5' }),
  bad('POST', '/conversations/:conv/read', 'seq 1.5', { seq: 1.5 }),
  bad('POST', '/conversations/:conv/read', 'no seq', {}),
  bad('POST', '/conversations/not-a-uuid/close', 'a conversation id that is not a UUID'),
  bad('POST', '/conversations/not-a-uuid/reopen', 'a conversation id that is not a UUID'),
  // widget
  bad('POST', '/widget/bootstrap', 'no websiteKey', {}),
  bad('POST', '/widget/bootstrap', 'a number as websiteKey', { websiteKey: 42 }),
  bad('POST', '/widget/bootstrap', 'a websiteKey of 65 characters', { websiteKey: `pk_${x(62)}` }),
  bad('POST', '/widget/bootstrap', 'a NUL character in the websiteKey', { websiteKey: 'pk_\u0000' }),
  bad('POST', '/widget/bootstrap', 'a visitorToken of 201 characters', { websiteKey: 'pk_x', visitorToken: x(201) }),
  bad('POST', '/widget/bootstrap', 'a number as visitorToken', { websiteKey: 'pk_x', visitorToken: 7 }),
  bad('POST', '/widget/bootstrap', 'a visitorId field', { websiteKey: 'pk_x', visitorId: randomUUID() }),
  bad('POST', '/widget/bootstrap', 'a websiteId field', { websiteKey: 'pk_x', websiteId: randomUUID() }),
  bad('POST', '/widget/bootstrap', 'malformed JSON', undefined, raw('{websiteKey: pk_x}')),
  bad('GET', '/widget/conversations/not-a-uuid/messages', 'a conversation id that is not a UUID'),
  bad('GET', '/widget/conversations/:conv/messages?afterSeq=-1', 'afterSeq -1'),
  bad('GET', '/widget/conversations/:conv/messages?limit=201', 'limit 201'),
  bad('GET', '/widget/conversations/:conv/messages?limit=abc', 'limit abc'),
  bad('PATCH', '/widget/visitor', 'a name of 101 characters', { name: x(101) }),
  bad('PATCH', '/widget/visitor', 'an email of 255 characters', { email: longEmail }),
  bad('PATCH', '/widget/visitor', 'an email without @', { email: 'not-an-email' }),
  bad('PATCH', '/widget/visitor', 'a websiteId field', { name: 'Jo', websiteId: randomUUID() }),
  bad('PATCH', '/widget/visitor', 'a number as name', { name: 42 }),
  bad('PATCH', '/widget/visitor', 'a NUL character in the name', { name: 'Jo\u0000' }),
  // any endpoint
  bad('POST', '/websites', 'a body over 64 kB', { name: x(70_000) }, { status: 413, code: 'PAYLOAD_TOO_LARGE' }),
];

describe('bad input', () => {
  let db: { name: string; url: string };
  let running: TestApp;
  let api: Api;
  let pg: Client;
  let agent: AgentSession;
  let website: WebsiteInfo;
  let visitor: VisitorSession;
  let conversationId: string;

  beforeAll(async () => {
    running = await startTestApp({ authRateLimit: 1000 });
    ({ db, api } = running);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    agent = await api.signup('Agent');
    website = await api.website(agent);
    visitor = await api.bootstrap(website.key);
    const { rows } = await pg.query('INSERT INTO conversations (website_id, visitor_id) VALUES ($1, $2) RETURNING id', [
      website.id,
      visitor.visitor.id,
    ]);
    conversationId = rows[0].id;
  });
  afterAll(async () => {
    await pg.end();
    await running.close();
  });

  function send(c: BadInput) {
    const path = `/api/v1${c.path.replace(':site', website.id).replace(':conv', conversationId)}`;
    let req =
      c.method === 'GET' ? api.http().get(path) : c.method === 'PATCH' ? api.http().patch(path) : api.http().post(path);
    if (c.path.startsWith('/widget/')) req = req.set('X-Visitor-Token', visitor.visitorToken);
    else if (!/^\/auth\/(signup|login|refresh|logout)$/.test(c.path)) {
      req = req.set('Authorization', `Bearer ${agent.accessToken}`);
    }
    if (c.raw !== undefined) return req.set('Content-Type', c.contentType ?? 'application/json').send(c.raw);
    return c.body === undefined ? req : req.send(c.body as object);
  }

  async function counts() {
    const { rows } = await pg.query(`SELECT
      (SELECT count(*)::int FROM agents) AS agents,
      (SELECT count(*)::int FROM websites) AS websites,
      (SELECT count(*)::int FROM website_members) AS members,
      (SELECT count(*)::int FROM visitors) AS visitors,
      (SELECT count(*)::int FROM messages) AS messages`);
    return rows[0];
  }

  const massAssignment: [string, Record<string, unknown>][] = [
    ['role', { role: 'owner' }],
    ['agentId', { agentId: randomUUID() }],
    ['websiteId', { websiteId: randomUUID() }],
    ['id', { id: randomUUID() }],
  ];
  const total = cases.length + massAssignment.length + 1;

  afterAll(() => console.info(`bad-input cases: ${total}`));

  it('has at least 50 cases', () => {
    expect(total).toBeGreaterThanOrEqual(50);
  });

  it.each(cases)('$method $shown with $name: $status $code', async (c) => {
    const before = await counts();
    const res = await send(c);
    expect(res.status).toBeLessThan(500);
    expectError(res, c.status, c.code);
    expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\.(js|ts):\d+/);
    expect(await counts()).toEqual(before);
  });

  it.each(massAssignment)('POST /websites with %s in the body is 400 and creates nothing', async (_, extra) => {
    const before = await counts();
    const res = await api.as(agent).post('/websites', { name: 'Smuggled', ...extra });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.error.details).toEqual([expect.objectContaining({ field: Object.keys(extra)[0] })]);
    expect(await counts()).toEqual(before);
  });

  it('POST /auth/signup with an id in the body is 400 and creates nothing', async () => {
    const before = await counts();
    const id = randomUUID();
    const res = await api
      .http()
      .post('/api/v1/auth/signup')
      .send({ ...signupOk, id });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(await counts()).toEqual(before);
    expect((await pg.query('SELECT count(*)::int AS n FROM agents WHERE id = $1', [id])).rows[0].n).toBe(0);
  });
});
