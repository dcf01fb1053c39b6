import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AgentSession, Api, expectError, WebsiteInfo } from '../support/api';
import { connect, TestSocket } from '../support/sockets';
import { team, until, visitorConversation } from '../support/team';
import { startTestApp, TestApp } from '../support/test-app';

describe('team work: claiming, assignment rules, reply policy, round robin', () => {
  let running: TestApp;
  let api: Api;
  let pg: Client;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    running = await startTestApp({ authRateLimit: 1000, presenceGraceMs: 200 });
    api = running.api;
    pg = new Client({ connectionString: running.db.url });
    await pg.connect();
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await pg.end();
    await running.close();
  });

  const agentSocket = async (agent: AgentSession) => {
    const socket = await connect(running.url, { token: agent.accessToken });
    sockets.push(socket);
    return socket;
  };
  const open = async (site: WebsiteInfo, body = 'hello') => {
    const opened = await visitorConversation(api, running.url, site, body);
    sockets.push(opened.socket);
    return opened;
  };
  const history = async (agent: AgentSession, conversationId: string) =>
    (await api.as(agent).get(`/conversations/${conversationId}/messages?afterSeq=0&limit=200`)).body.messages as {
      seq: number;
      body: string;
      sender: { type: string; id: string | null };
    }[];
  const stored = async (conversationId: string) =>
    (await pg.query('SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1', [conversationId])).rows[0].n;

  describe('claiming', () => {
    it('gives an unassigned conversation to the first agent, answers the caller again 200 and anyone else 409', async () => {
      const { owner, site, members } = await team(api, running.db.url, ['agent', 'agent'], 'Claims');
      const [alice, bob] = members;
      const watcher = await agentSocket(owner);
      const { conversation, visitor } = await open(site);

      const first = await api.as(alice).post(`/conversations/${conversation.id}/claim`);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        conversation: expect.objectContaining({ id: conversation.id, assigneeId: alice.agent.id }),
      });
      const again = await api.as(alice).post(`/conversations/${conversation.id}/claim`);
      expect(again.status).toBe(200);
      expectError(await api.as(bob).post(`/conversations/${conversation.id}/claim`), 409, 'ALREADY_ASSIGNED');

      // One system message with its own seq, for agents only; the visitor's history skips it.
      const messages = await history(owner, conversation.id);
      expect(messages.map((m) => [m.seq, m.sender.type])).toEqual([
        [1, 'visitor'],
        [2, 'system'],
      ]);
      expect(messages[1].body).toBe(`${alice.agent.name} took the conversation`);
      const ofVisitor = await api
        .visitor(visitor.visitorToken)
        .get(`/conversations/${conversation.id}/messages?afterSeq=0`);
      expect(ofVisitor.body.messages.map((m: { seq: number }) => m.seq)).toEqual([1]);

      const [assigned] = await watcher.waitFor('conversation:assigned', 1);
      expect(assigned.conversation).toMatchObject({ id: conversation.id, assigneeId: alice.agent.id });
      await watcher.waitFor('conversation:updated', 1);
      const live = await watcher.waitFor('message:new', 2);
      expect(live.map((m) => m.message.sender.type)).toEqual(['visitor', 'system']);
    });
  });

  describe('who may assign whom', () => {
    it('lets an agent only take an unassigned conversation or give back their own; owners and admins assign anyone', async () => {
      const { owner, site, members } = await team(api, running.db.url, ['agent', 'agent', 'admin'], 'Rules');
      const [alice, bob, admin] = members;
      const { conversation } = await open(site);
      const assign = (as: AgentSession, agentId: string | null) =>
        api.as(as).post(`/conversations/${conversation.id}/assign`, { agentId });

      expectError(await assign(alice, bob.agent.id), 403, 'FORBIDDEN');
      expect((await assign(alice, alice.agent.id)).body).toMatchObject({ assigneeId: alice.agent.id });
      expectError(await assign(bob, null), 403, 'FORBIDDEN');
      expectError(await assign(bob, bob.agent.id), 403, 'FORBIDDEN');
      expect((await assign(alice, null)).body).toMatchObject({ assigneeId: null });
      expect((await assign(admin, bob.agent.id)).body).toMatchObject({ assigneeId: bob.agent.id });
      expect((await assign(owner, alice.agent.id)).body).toMatchObject({ assigneeId: alice.agent.id });
      const stranger = await api.signup('Not in the team');
      expectError(await assign(owner, stranger.agent.id), 400, 'VALIDATION_FAILED');

      // The socket event follows the same rules.
      const bobs = await agentSocket(bob);
      expect(await bobs.emit('conversation:assign', { conversationId: conversation.id, agentId: null })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });

      const texts = (await history(owner, conversation.id))
        .filter((m) => m.sender.type === 'system')
        .map((m) => m.body);
      expect(texts).toEqual([
        `${alice.agent.name} took the conversation`,
        `${alice.agent.name} unassigned the conversation`,
        `${admin.agent.name} assigned the conversation to ${bob.agent.name}`,
        `${owner.agent.name} assigned the conversation to ${alice.agent.name}`,
      ]);
    });

    it('records closing and reopening as system messages, by the agent or the visitor', async () => {
      const { owner, site } = await team(api, running.db.url, [], 'Lifecycle');
      const { conversation, socket } = await open(site);
      await api.as(owner).post(`/conversations/${conversation.id}/close`).expect(200);
      await api.as(owner).post(`/conversations/${conversation.id}/reopen`).expect(200);
      expect((await socket.emit('conversation:close', { conversationId: conversation.id })).ok).toBe(true);
      const texts = (await history(owner, conversation.id))
        .filter((m) => m.sender.type === 'system')
        .map((m) => m.body);
      expect(texts).toEqual([
        `${owner.agent.name} closed the conversation`,
        `${owner.agent.name} reopened the conversation`,
        'The visitor closed the conversation',
      ]);
      // Closing what is closed writes nothing.
      await api.as(owner).post(`/conversations/${conversation.id}/close`).expect(200);
      expect(await stored(conversation.id)).toBe(4);
    });
  });

  describe('reply policy "assignee"', () => {
    it('refuses another agent NOT_ASSIGNEE, and a reply into an unassigned conversation claims it', async () => {
      const { owner, site, members } = await team(api, running.db.url, ['agent', 'agent'], 'Policy');
      const [alice, bob] = members;
      await api.as(owner).patch(`/websites/${site.id}`, { replyPolicy: 'assignee' }).expect(200);
      const { conversation } = await open(site);

      const replied = await api
        .as(alice)
        .post(`/conversations/${conversation.id}/messages`, { body: 'I have this', clientMessageId: randomUUID() });
      expect(replied.status).toBe(201);
      const got = await api.as(owner).get(`/conversations/${conversation.id}`);
      expect(got.body.assigneeId).toBe(alice.agent.id);

      const before = await stored(conversation.id);
      expectError(
        await api
          .as(bob)
          .post(`/conversations/${conversation.id}/messages`, { body: 'me too', clientMessageId: randomUUID() }),
        403,
        'NOT_ASSIGNEE',
      );
      const bobs = await agentSocket(bob);
      expect(
        await bobs.emit('message:new', {
          conversationId: conversation.id,
          body: 'me too',
          clientMessageId: randomUUID(),
        }),
      ).toMatchObject({ ok: false, error: { code: 'NOT_ASSIGNEE' } });
      expect(await stored(conversation.id)).toBe(before);

      // The claim comes before the message that made it.
      const messages = await history(owner, conversation.id);
      expect(messages.map((m) => m.sender.type)).toEqual(['visitor', 'system', 'agent']);
      expect(messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    });
  });

  describe('round robin', () => {
    it('gives 10 new conversations to 3 agents with a cap of 2 as 2/2/2, keeps 4 waiting in order, and refills freed room', async () => {
      const { owner, site, members } = await team(api, running.db.url, ['agent', 'agent', 'agent'], 'Round robin');
      const patched = await api
        .as(owner)
        .patch(`/websites/${site.id}`, { assignment: { mode: 'round_robin', maxOpenPerAgent: 2 } });
      expect(patched.body.assignment).toEqual({ mode: 'round_robin', maxOpenPerAgent: 2 });
      const online = await Promise.all(members.map((m) => agentSocket(m)));
      await until('three agents online', async () => {
        const { body } = await api.as(owner).get(`/websites/${site.id}/presence`);
        return body.items.filter((i: { status: string }) => i.status === 'online').length === 3;
      });

      const visitors = await Promise.all(Array.from({ length: 10 }, () => api.bootstrap(site.key)));
      const visitorSockets = await Promise.all(
        visitors.map((v) => connect(running.url, { websiteKey: site.key, visitorToken: v.visitorToken })),
      );
      sockets.push(...visitorSockets);
      await Promise.all(
        visitorSockets.map((s, i) =>
          s.emit('conversation:open', { body: `visitor ${i}`, clientMessageId: randomUUID() }),
        ),
      );

      const state = async () =>
        (
          await pg.query<{ id: string; assignee_id: string | null; created_at: Date }>(
            `SELECT id, assignee_id, created_at FROM conversations WHERE website_id = $1 ORDER BY created_at, id`,
            [site.id],
          )
        ).rows;
      await until('six assigned', async () => (await state()).filter((c) => c.assignee_id).length === 6);
      await new Promise((r) => setTimeout(r, 300));
      const rows = await state();
      const load = (id: string, list = rows) => list.filter((c) => c.assignee_id === id).length;
      expect(members.map((m) => load(m.agent.id))).toEqual([2, 2, 2]);
      const queue = (
        await pg.query<{ id: string }>(
          `SELECT id FROM conversations WHERE website_id = $1 AND assignee_id IS NULL ORDER BY queued_at, id`,
          [site.id],
        )
      ).rows.map((r) => r.id);
      expect(queue).toHaveLength(4);
      // The waiting ones wait in the order they arrived.
      expect(queue).toEqual(rows.filter((c) => !c.assignee_id).map((c) => c.id));

      // One of the first agent's conversations closes: the oldest waiting goes to them.
      const aliceFirst = rows.find((c) => c.assignee_id === members[0].agent.id)!;
      await api.as(members[0]).post(`/conversations/${aliceFirst.id}/close`).expect(200);
      await until('the oldest waiting assigned', async () => {
        const { rows: r } = await pg.query('SELECT assignee_id FROM conversations WHERE id = $1', [queue[0]]);
        return r[0].assignee_id === members[0].agent.id;
      });

      // An agent who is away gets none, though they have room; back online, they get the next.
      expect(await online[1].emit('presence:set', { status: 'away' })).toEqual({ ok: true, status: 'away' });
      const bobs = (await state()).find((c) => c.assignee_id === members[1].agent.id)!;
      await api.as(members[1]).post(`/conversations/${bobs.id}/close`).expect(200);
      await new Promise((r) => setTimeout(r, 500));
      expect(
        (await pg.query('SELECT assignee_id FROM conversations WHERE id = $1', [queue[1]])).rows[0].assignee_id,
      ).toBeNull();
      expect(await online[1].emit('presence:set', { status: 'online' })).toEqual({ ok: true, status: 'online' });
      await until('the away agent, back, gets the next', async () => {
        const { rows: r } = await pg.query('SELECT assignee_id FROM conversations WHERE id = $1', [queue[1]]);
        return r[0].assignee_id === members[1].agent.id;
      });

      // Nobody got a conversation twice: one round-robin line per conversation.
      const { rows: lines } = await pg.query<{ conversation_id: string; n: number }>(
        `SELECT conversation_id, count(*)::int AS n FROM messages
         WHERE sender_type = 'system' AND body LIKE 'Assigned to % (round robin)'
           AND conversation_id IN (SELECT id FROM conversations WHERE website_id = $1)
         GROUP BY conversation_id`,
        [site.id],
      );
      expect(lines.every((l) => l.n === 1)).toBe(true);
      expect(lines).toHaveLength(8);
      console.info(
        `round robin: 10 conversations, 3 agents, cap 2 → ${members.map((m) => load(m.agent.id)).join('/')}, ${queue.length} waiting`,
      );
    });
  });

  describe('bad input and other tenants', () => {
    it('refuses bad assignment settings, bad claims and bad presence, changing nothing', async () => {
      const { owner, site } = await team(api, running.db.url, [], 'Bad');
      const { conversation } = await open(site);
      const before = (await api.as(owner).get(`/websites/${site.id}`)).body;
      for (const body of [
        { assignment: { mode: 'random' } },
        { assignment: { maxOpenPerAgent: 0 } },
        { assignment: { maxOpenPerAgent: 1001 } },
        { assignment: { maxOpenPerAgent: '2' } },
        { assignment: { maxOpenPerAgent: 1.5 } },
        { assignment: { mode: 'manual', extra: true } },
        { assignment: 'round_robin' },
        { replyPolicy: 'owner' },
        { replyPolicy: null },
      ]) {
        expectError(await api.as(owner).patch(`/websites/${site.id}`, body), 400, 'VALIDATION_FAILED');
      }
      expect((await api.as(owner).get(`/websites/${site.id}`)).body).toEqual(before);
      expectError(await api.as(owner).post('/conversations/not-a-uuid/claim'), 400, 'VALIDATION_FAILED');
      expectError(await api.as(owner).post(`/conversations/${randomUUID()}/claim`), 404, 'NOT_FOUND');
      const socket = await agentSocket(owner);
      for (const payload of [{ status: 'busy' }, { status: 'offline' }, {}, { status: 'away', extra: 1 }, 'away']) {
        expect(await socket.emit('presence:set', payload)).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION_FAILED' },
        });
      }
      expect(await stored(conversation.id)).toBe(1);
    });

    it('answers another website’s conversations and presence 404, and a visitor’s presence:set 403', async () => {
      const { site } = await team(api, running.db.url, [], 'Theirs');
      const stranger = await api.signup('Stranger');
      await api.website(stranger, { name: 'Mine' });
      const { conversation, socket } = await open(site);
      expectError(await api.as(stranger).post(`/conversations/${conversation.id}/claim`), 404, 'NOT_FOUND');
      expectError(await api.as(stranger).get(`/websites/${site.id}/presence`), 404, 'NOT_FOUND');
      expect(await socket.emit('presence:set', { status: 'away' })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
      expect(
        (await pg.query('SELECT assignee_id FROM conversations WHERE id = $1', [conversation.id])).rows[0].assignee_id,
      ).toBeNull();
    });
  });
});
