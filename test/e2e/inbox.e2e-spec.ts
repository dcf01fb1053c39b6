import { randomUUID } from 'node:crypto';
import { Api, AgentSession, WebsiteInfo } from '../support/api';
import { startTestApp, TestApp } from '../support/test-app';
import { connect, TestSocket } from '../support/sockets';

describe('the agent inbox', () => {
  let running: TestApp;
  let api: Api;
  let agent: AgentSession;
  let site: WebsiteInfo;
  const conversations: { id: string; socket: TestSocket; visitorId: string }[] = [];

  beforeAll(async () => {
    running = await startTestApp({ authRateLimit: 1000 });
    ({ api } = running);
    agent = await api.signup('Inbox');
    site = await api.website(agent);
    for (let i = 0; i < 7; i++) {
      const visitor = await api.bootstrap(site.key);
      const socket = await connect(running.url, { websiteKey: site.key, visitorToken: visitor.visitorToken });
      const ack = await socket.emit('conversation:open', { body: `hello ${i}`, clientMessageId: randomUUID() });
      if (!ack.ok) throw new Error(JSON.stringify(ack));
      conversations.push({ id: ack.conversation.id, socket, visitorId: visitor.visitor.id });
    }
  });
  afterAll(async () => {
    conversations.forEach((c) => c.socket.close());
    await running.close();
  });

  const list = async (query: string) => {
    const res = await api.as(agent).get(`/websites/${site.id}/conversations${query}`);
    expect(res.status).toBe(200);
    return res.body as {
      items: { id: string; unreadCount: number; lastMessage: { body: string } | null }[];
      nextCursor: string | null;
    };
  };

  it('pages newest activity first with a cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...conversations].reverse().map((c) => c.id));
  });

  it('moves a conversation to the top on a new message and counts unread visitor messages until read', async () => {
    const oldest = conversations[0];
    await oldest.socket.emit('message:new', {
      conversationId: oldest.id,
      body: 'anyone there?',
      clientMessageId: randomUUID(),
    });
    const page = await list('?limit=2');
    expect(page.items[0]).toMatchObject({ id: oldest.id, unreadCount: 2, lastMessage: { body: 'anyone there?' } });
    await api.as(agent).post(`/conversations/${oldest.id}/read`, { seq: 1 }).expect(204);
    expect((await list('?limit=1')).items[0].unreadCount).toBe(1);
    await api.as(agent).post(`/conversations/${oldest.id}/read`, { seq: 99 }).expect(204);
    expect((await list('?limit=1')).items[0].unreadCount).toBe(0);
    // the marker never moves back
    await api.as(agent).post(`/conversations/${oldest.id}/read`, { seq: 0 }).expect(204);
    expect((await list('?limit=1')).items[0].unreadCount).toBe(0);
  });

  it('filters by status, assignee and text', async () => {
    const [first, second] = conversations;
    await api.as(agent).post(`/conversations/${second.id}/close`).expect(200);
    expect((await list('?status=closed')).items.map((c) => c.id)).toEqual([second.id]);
    expect((await list('?status=open')).items.map((c) => c.id)).not.toContain(second.id);
    await api.as(agent).post(`/conversations/${first.id}/assign`, { agentId: agent.agent.id }).expect(200);
    expect((await list('?assignee=me')).items.map((c) => c.id)).toEqual([first.id]);
    expect((await list('?assignee=none')).items.map((c) => c.id)).not.toContain(first.id);
    expect((await list('?q=hello%203')).items.map((c) => c.id)).toEqual([conversations[3].id]);
    expect((await list('?q=100%25')).items).toEqual([]);
  });

  it('gives older history with beforeSeq and the latest page by default', async () => {
    const { id, socket } = conversations[4];
    for (let i = 0; i < 4; i++) {
      await socket.emit('message:new', { conversationId: id, body: `more ${i}`, clientMessageId: randomUUID() });
    }
    const latest = await api.as(agent).get(`/conversations/${id}/messages?limit=2`).expect(200);
    expect(latest.body.messages.map((m: { seq: number }) => m.seq)).toEqual([4, 5]);
    expect(latest.body.hasMore).toBe(true);
    const older = await api.as(agent).get(`/conversations/${id}/messages?beforeSeq=4&limit=10`).expect(200);
    expect(older.body.messages.map((m: { seq: number }) => m.seq)).toEqual([1, 2, 3]);
    expect(older.body.hasMore).toBe(false);
    await api.as(agent).get(`/conversations/${id}/messages?beforeSeq=4&afterSeq=1`).expect(400);
  });
});
