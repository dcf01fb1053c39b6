import { loadConfig } from '../../src/config/app-config';
import { randomUUID } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { Api, AgentSession, VisitorSession, WebsiteInfo } from '../support/api';
import { startTestApp, TestApp } from '../support/test-app';
import { connect, refusal, TestSocket } from '../support/sockets';

describe('realtime messaging', () => {
  let running: TestApp;
  let api: Api;
  let owner: AgentSession;
  let stranger: AgentSession;
  let site: WebsiteInfo;
  let strangerSite: WebsiteInfo;
  const sockets: TestSocket[] = [];

  const track = async (socket: Promise<TestSocket>) => {
    const s = await socket;
    sockets.push(s);
    return s;
  };
  const agentSocket = (agent: AgentSession) => track(connect(running.url, { token: agent.accessToken }));
  const visitorSocket = (visitor: VisitorSession) =>
    track(connect(running.url, { websiteKey: visitor.websiteKey, visitorToken: visitor.visitorToken }));

  beforeAll(async () => {
    // Many sockets of one visitor send at once here; the per-visitor message limit has its own spec.
    const defaults = loadConfig({ NODE_ENV: 'test' }).limits;
    running = await startTestApp({ authRateLimit: 1000, limits: { ...defaults, visitorMessageBurst: 1000 } });
    ({ api } = running);
    [owner, stranger] = [await api.signup('Owner'), await api.signup('Stranger')];
    site = await api.website(owner);
    strangerSite = await api.website(stranger);
  });
  afterEach(() => {
    sockets.splice(0).forEach((s) => s.close());
  });
  afterAll(async () => {
    await running.close();
  });

  async function openConversation(firstBody = 'hello') {
    const visitor = await api.bootstrap(site.key);
    const vs = await visitorSocket(visitor);
    const opened = await vs.emit('conversation:open', { body: firstBody, clientMessageId: randomUUID() });
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    return { visitor, vs, conversation: opened.conversation, first: opened.message };
  }

  it('carries a message visitor → agent and agent → visitor, body verbatim as text', async () => {
    const agent = await agentSocket(owner);
    const visitor = await api.bootstrap(site.key);
    const vs = await visitorSocket(visitor);
    const opened = await vs.emit('conversation:open', {});
    expect(opened).toMatchObject({
      ok: true,
      conversation: { status: 'open', lastSeq: 0, visitorId: visitor.visitor.id },
    });
    const [announced] = await agent.waitFor('conversation:open', 1);
    expect(announced.conversation).toMatchObject({
      id: opened.ok && opened.conversation.id,
      visitor: { id: visitor.visitor.id },
    });

    const conversationId = opened.ok ? opened.conversation.id : '';
    const hostile = '  <img src=x onerror="alert(1)"> & <b>bold</b>  ';
    const sent = await vs.emit('message:new', { conversationId, body: hostile, clientMessageId: randomUUID() });
    expect(sent).toMatchObject({
      ok: true,
      message: { seq: 1, body: hostile.trim(), sender: { type: 'visitor', id: visitor.visitor.id } },
    });
    const [atAgent] = await agent.waitFor('message:new', 1);
    expect(atAgent.message).toEqual(sent.ok && sent.message);

    const reply = await agent.emit('message:new', {
      conversationId,
      body: '<script>x</script>',
      clientMessageId: randomUUID(),
    });
    expect(reply).toMatchObject({
      ok: true,
      message: { seq: 2, body: '<script>x</script>', sender: { type: 'agent', id: owner.agent.id, name: 'Owner' } },
    });
    const received = await vs.waitFor('message:new', 2);
    expect(received.map((r) => r.message.seq)).toEqual([1, 2]);
    expect(received[1].message.body).toBe('<script>x</script>');
  });

  it('acks a replayed clientMessageId with the stored message and broadcasts nothing', async () => {
    const agent = await agentSocket(owner);
    const { vs, conversation } = await openConversation();
    const clientMessageId = randomUUID();
    const first = await vs.emit('message:new', { conversationId: conversation.id, body: 'once', clientMessageId });
    await agent.waitFor('message:new', 2);
    const again = await vs.emit('message:new', { conversationId: conversation.id, body: 'changed', clientMessageId });
    expect(again.ok && again.message).toEqual(first.ok && first.message);
    expect(await agent.during('message:new', 300)).toHaveLength(0);
    expect(await vs.during('message:new', 0)).toHaveLength(0);
    expect(vs.received('message:new').filter((m) => m.message.clientMessageId === clientMessageId)).toHaveLength(1);
  });

  it('gives 100 concurrent sends from both sides gapless seqs, each delivered once to every client', async () => {
    const { visitor, conversation } = await openConversation('start');
    // Several tabs and agent sockets, so no socket passes its 20 events/s.
    const visitors = [await visitorSocket(visitor), await visitorSocket(visitor), await visitorSocket(visitor)];
    const agents = [await agentSocket(owner), await agentSocket(owner), await agentSocket(owner)];
    const senders = [...visitors, ...agents, await visitorSocket(visitor), await agentSocket(owner)];
    const acks = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        senders[i % senders.length].emit('message:new', {
          conversationId: conversation.id,
          body: `m${i}`,
          clientMessageId: randomUUID(),
        }),
      ),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    const seqs = acks.map((a) => (a.ok ? a.message.seq : -1)).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 2));
    for (const client of [...visitors, ...agents]) {
      const got = await client.waitFor('message:new', 100);
      await client.during('message:new', 100);
      const ids = client.received('message:new').map((m) => m.message.id);
      expect(ids).toHaveLength(100);
      expect(new Set(ids).size).toBe(100);
      expect(got.map((m) => m.message.seq).sort((a, b) => a - b)).toEqual(seqs);
    }
  });

  it('lets a reconnecting visitor fetch exactly what it missed with afterSeq', async () => {
    const agent = await agentSocket(owner);
    const { visitor, vs, conversation } = await openConversation();
    vs.close();
    for (let i = 1; i <= 5; i++) {
      const ack = await agent.emit('message:new', {
        conversationId: conversation.id,
        body: `missed ${i}`,
        clientMessageId: randomUUID(),
      });
      expect(ack.ok).toBe(true);
    }
    await visitorSocket(visitor);
    const res = await api
      .http()
      .get(`/api/v1/widget/conversations/${conversation.id}/messages?afterSeq=1`)
      .set('X-Visitor-Token', visitor.visitorToken)
      .expect(200);
    expect(res.body.messages.map((m: { body: string }) => m.body)).toEqual([
      'missed 1',
      'missed 2',
      'missed 3',
      'missed 4',
      'missed 5',
    ]);
    expect(res.body.messages.map((m: { seq: number }) => m.seq)).toEqual([2, 3, 4, 5, 6]);
    expect(res.body.hasMore).toBe(false);
  });

  it('closes for both sides, refuses an agent in a closed conversation, reopens on a visitor message', async () => {
    const agent = await agentSocket(owner);
    const { vs, conversation } = await openConversation();
    const closed = await agent.emit('conversation:close', { conversationId: conversation.id });
    expect(closed).toMatchObject({ ok: true, conversation: { status: 'closed' } });
    await vs.waitFor('conversation:close', 1);
    await agent.waitFor('conversation:close', 1);
    const refused = await agent.emit('message:new', {
      conversationId: conversation.id,
      body: 'late',
      clientMessageId: randomUUID(),
    });
    expect(refused).toEqual({ ok: false, error: { code: 'CONVERSATION_CLOSED', message: expect.any(String) } });
    agent.clear();
    const back = await vs.emit('message:new', {
      conversationId: conversation.id,
      body: 'back again',
      clientMessageId: randomUUID(),
    });
    expect(back.ok).toBe(true);
    const [reopened] = await agent.waitFor('conversation:open', 1);
    expect(reopened.conversation).toMatchObject({ id: conversation.id, status: 'open' });
    await agent.waitFor('message:new', 1);
  });

  it('answers NOT_FOUND to another tenant’s agent and another site’s visitor for every event', async () => {
    const { conversation } = await openConversation();
    const otherAgent = await agentSocket(stranger);
    const otherVisitor = await visitorSocket(await api.bootstrap(strangerSite.key));
    const sameSiteVisitor = await visitorSocket(await api.bootstrap(site.key));
    const events: [string, object][] = [
      ['message:new', { conversationId: conversation.id, body: 'intrude', clientMessageId: randomUUID() }],
      ['conversation:close', { conversationId: conversation.id }],
      ['typing', { conversationId: conversation.id, typing: true }],
      ['conversation:join', { conversationId: conversation.id }],
    ];
    for (const socket of [otherAgent, otherVisitor, sameSiteVisitor]) {
      for (const [event, payload] of events) {
        expect([event, await socket.emit(event, payload)]).toEqual([
          event,
          { ok: false, error: { code: 'NOT_FOUND', message: expect.any(String) } },
        ]);
      }
    }
    for (const [event, payload] of [
      ['conversation:reopen', { conversationId: conversation.id }],
      ['conversation:assign', { conversationId: conversation.id, agentId: stranger.agent.id }],
    ] as [string, object][]) {
      expect((await otherAgent.emit(event, payload)) as object).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    }
    const res = await api.as(owner).get(`/conversations/${conversation.id}`).expect(200);
    expect(res.body).toMatchObject({ status: 'open', lastSeq: 1, assigneeId: null });
  });

  it('acks bad payloads with errors and keeps the socket connected', async () => {
    const { vs, conversation } = await openConversation();
    const cases: [string, unknown, string][] = [
      ['message:new', {}, 'VALIDATION_FAILED'],
      ['message:new', { conversationId: conversation.id, clientMessageId: randomUUID() }, 'VALIDATION_FAILED'],
      [
        'message:new',
        { conversationId: conversation.id, body: '', clientMessageId: randomUUID() },
        'VALIDATION_FAILED',
      ],
      [
        'message:new',
        { conversationId: conversation.id, body: '   ', clientMessageId: randomUUID() },
        'VALIDATION_FAILED',
      ],
      [
        'message:new',
        { conversationId: conversation.id, body: 'x'.repeat(5001), clientMessageId: randomUUID() },
        'VALIDATION_FAILED',
      ],
      ['message:new', { conversationId: 'not-a-uuid', body: 'x', clientMessageId: randomUUID() }, 'VALIDATION_FAILED'],
      ['message:new', { conversationId: conversation.id, body: 'x', clientMessageId: 'nope' }, 'VALIDATION_FAILED'],
      [
        'message:new',
        { conversationId: conversation.id, body: 42, clientMessageId: randomUUID() },
        'VALIDATION_FAILED',
      ],
      [
        'message:new',
        { conversationId: conversation.id, body: 'x', clientMessageId: randomUUID(), extra: 1 },
        'VALIDATION_FAILED',
      ],
      ['message:new', 'a string', 'VALIDATION_FAILED'],
      ['message:new', null, 'VALIDATION_FAILED'],
      ['conversation:close', { conversationId: 12 }, 'VALIDATION_FAILED'],
      ['typing', { conversationId: conversation.id, typing: 'yes' }, 'VALIDATION_FAILED'],
      ['conversation:open', { body: 'hi', clientMessageId: 'x' }, 'VALIDATION_FAILED'],
      ['conversation:reopen', { conversationId: conversation.id }, 'FORBIDDEN'],
    ];
    for (const [event, payload, code] of cases) {
      const ack = await vs.emit(event, payload);
      expect([event, payload, ack.ok === false && ack.error.code]).toEqual([event, payload, code]);
    }
    expect(vs.socket.connected).toBe(true);
    const ok = await vs.emit('message:new', {
      conversationId: conversation.id,
      body: 'x'.repeat(5000),
      clientMessageId: randomUUID(),
    });
    expect(ok.ok).toBe(true);
  });

  it('acks events past 20 per second RATE_LIMITED and keeps the socket', async () => {
    const { vs, conversation } = await openConversation();
    const acks = await Promise.all(
      Array.from({ length: 30 }, () => vs.emit('conversation:join', { conversationId: conversation.id })),
    );
    const limited = acks.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED').length;
    expect(limited).toBeGreaterThanOrEqual(9);
    expect(vs.socket.connected).toBe(true);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await vs.emit('conversation:join', { conversationId: conversation.id })).ok).toBe(true);
  });

  it('does not count typing against the limit; a burst of it reaches the other side coalesced', async () => {
    const agent = await agentSocket(owner);
    const { vs, conversation } = await openConversation();
    const acks = await Promise.all(
      Array.from({ length: 60 }, () => vs.emit('typing', { conversationId: conversation.id, typing: true })),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    await agent.waitFor('typing', 1);
    await agent.during('typing', 300);
    expect(agent.received('typing').length).toBeLessThanOrEqual(2);
    const sent = await vs.emit('message:new', {
      conversationId: conversation.id,
      body: 'hi',
      clientMessageId: randomUUID(),
    });
    expect(sent.ok).toBe(true);
  });

  it('relays typing to the other side only', async () => {
    const agent = await agentSocket(owner);
    const { vs, conversation } = await openConversation();
    await vs.emit('typing', { conversationId: conversation.id, typing: true });
    const [atAgent] = await agent.waitFor('typing', 1);
    expect(atAgent).toEqual({
      conversationId: conversation.id,
      typing: true,
      sender: { type: 'visitor', id: expect.any(String) },
    });
    expect(vs.received('typing')).toHaveLength(0);
    await agent.emit('typing', { conversationId: conversation.id, typing: true });
    await vs.waitFor('typing', 1);
    expect(await agent.during('typing', 100)).toHaveLength(0);
  });

  it('refuses bad handshakes with the error code as the connect_error message', async () => {
    const visitor = await api.bootstrap(site.key);
    const other = await api.bootstrap(strangerSite.key);
    expect(await refusal(running.url, {})).toBe('UNAUTHORIZED');
    expect(await refusal(running.url, { token: 'garbage' })).toBe('UNAUTHORIZED');
    expect(await refusal(running.url, { token: owner.refreshToken })).toBe('UNAUTHORIZED');
    expect(await refusal(running.url, { websiteKey: 'pk_unknown', visitorToken: visitor.visitorToken })).toBe(
      'UNAUTHORIZED',
    );
    expect(await refusal(running.url, { websiteKey: site.key, visitorToken: other.visitorToken })).toBe('UNAUTHORIZED');
    expect(await refusal(running.url, { websiteKey: site.key, visitorToken: 'x'.repeat(500) })).toBe('UNAUTHORIZED');
    const guarded = await api.website(owner, { allowedOrigins: ['https://shop.example'] });
    const guest = await api.bootstrap(guarded.key, undefined, 'https://shop.example');
    const auth = { websiteKey: guarded.key, visitorToken: guest.visitorToken };
    expect(await refusal(running.url, auth, 'https://evil.example')).toBe('ORIGIN_NOT_ALLOWED');
    expect(await refusal(running.url, auth)).toBe('ORIGIN_NOT_ALLOWED');
    expect(await refusal(running.url, auth, 'https://shop.example')).toBe('CONNECTED');
  });

  it('disconnects an agent whose session is logged out, and delivers REST sends to sockets', async () => {
    const session = await api.signup('Leaver');
    const socket = await agentSocket(session);
    const disconnected = new Promise<string>((resolve) =>
      socket.socket.once('disconnect', (reason) => resolve(reason)),
    );
    await api.http().post('/api/v1/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
    expect(await disconnected).toBe('io server disconnect');
    expect(await refusal(running.url, { token: session.accessToken })).toBe('UNAUTHORIZED');

    const { vs, conversation } = await openConversation();
    const res = await api
      .as(owner)
      .post(`/conversations/${conversation.id}/messages`, { body: 'via REST', clientMessageId: randomUUID() })
      .expect(201);
    const got = await vs.waitFor('message:new', 2);
    expect(got.map((m) => m.message)).toContainEqual(res.body);
  });

  it('disconnects an agent socket when its access token expires', async () => {
    const claims = jwt.decode(owner.accessToken) as { sub: string; fam: string };
    const shortLived = jwt.sign({ typ: 'access', fam: claims.fam }, running.config.jwtSecret, {
      subject: claims.sub,
      algorithm: 'HS256',
      expiresIn: 2,
    });
    const socket = await agentSocket({ ...owner, accessToken: shortLived });
    const started = Date.now();
    const reason = await new Promise<string>((resolve) => socket.socket.once('disconnect', resolve));
    expect(reason).toBe('io server disconnect');
    expect(Date.now() - started).toBeLessThan(3500);
  });

  it('puts an agent’s open sockets into a website created after they connected', async () => {
    const agent = await agentSocket(owner);
    const fresh = await api.website(owner, { name: 'Later' });
    const visitor = await api.bootstrap(fresh.key);
    const vs = await visitorSocket(visitor);
    await vs.emit('conversation:open', { body: 'hi', clientMessageId: randomUUID() });
    const [msg] = await agent.waitFor('message:new', 1);
    expect(msg.message.body).toBe('hi');
  });
});
