import { Api } from '../support/api';
import { connect, TestSocket } from '../support/sockets';
import { team, until, visitorConversation } from '../support/team';
import { startTestApp, TestApp } from '../support/test-app';

const GRACE_MS = 300;

describe('presence, viewers and typing between agents (one instance)', () => {
  let running: TestApp;
  let api: Api;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    running = await startTestApp({ authRateLimit: 1000, presenceGraceMs: GRACE_MS });
    api = running.api;
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(() => running.close());

  const open = async (auth: Record<string, unknown>) => {
    const socket = await connect(running.url, auth);
    sockets.push(socket);
    return socket;
  };

  it('announces online, away and offline to the team and the summary to visitors, without flapping on reload', async () => {
    const { owner, site, members } = await team(api, running.db.url, ['agent'], 'Presence');
    const [alice] = members;
    const visitor = await api.bootstrap(site.key);
    expect(visitor).toMatchObject({ website: { online: false } });
    const visitorSocket = await open({ websiteKey: site.key, visitorToken: visitor.visitorToken });
    const watching = await open({ token: owner.accessToken });
    // The owner's own socket makes the website online for visitors.
    await visitorSocket.waitFor('presence', 1);
    expect(visitorSocket.received('presence')).toEqual([{ status: 'online' }]);
    expect((await api.bootstrap(site.key, visitor.visitorToken)).website.online).toBe(true);

    const first = await open({ token: alice.accessToken });
    await until('alice online', () =>
      watching.received('presence').some((p) => p.agentId === alice.agent.id && p.status === 'online'),
    );
    expect(await first.emit('presence:set', { status: 'away' })).toEqual({ ok: true, status: 'away' });
    await until('alice away', () =>
      watching.received('presence').some((p) => p.agentId === alice.agent.id && p.status === 'away'),
    );
    expect((await api.as(alice).get('/me')).body.presence).toBe('away');

    // A reload: the socket goes, another comes within the grace. Nothing is announced; the choice stays.
    const seen = watching.received('presence').length;
    first.close();
    await new Promise((r) => setTimeout(r, GRACE_MS / 3));
    const second = await open({ token: alice.accessToken });
    await new Promise((r) => setTimeout(r, GRACE_MS * 2));
    expect(watching.received('presence').slice(seen)).toEqual([]);
    const listed = await api.as(owner).get(`/websites/${site.id}/presence`);
    expect(listed.body.items).toEqual(
      expect.arrayContaining([
        { agentId: alice.agent.id, status: 'away' },
        { agentId: owner.agent.id, status: 'online' },
      ]),
    );

    // The last socket gone for longer than the grace: offline.
    second.close();
    await until('alice offline', () =>
      watching.received('presence').some((p) => p.agentId === alice.agent.id && p.status === 'offline'),
    );
    // Agents' identities never reach visitors.
    expect(visitorSocket.received('presence').every((p) => Object.keys(p).join() === 'status')).toBe(true);
    watching.close();
    await until(
      'the website offline for visitors',
      () => visitorSocket.received('presence').at(-1)?.status === 'offline',
    );
  });

  it('keeps who is viewing a conversation, and relays an agent’s typing to the other viewers and the visitor', async () => {
    const { owner, site, members } = await team(api, running.db.url, ['agent', 'agent'], 'Viewers');
    const [alice, bob] = members;
    const { conversation, socket: visitor } = await visitorConversation(api, running.url, site);
    sockets.push(visitor);
    const ownerSocket = await open({ token: owner.accessToken });
    const aliceSocket = await open({ token: alice.accessToken });
    const bobSocket = await open({ token: bob.accessToken });
    const viewers = () => ownerSocket.received('conversation:viewers').at(-1)?.agentIds?.slice().sort();

    expect(await aliceSocket.emit('conversation:join', { conversationId: conversation.id })).toEqual({ ok: true });
    await until('alice viewing', () => viewers()?.join() === alice.agent.id);
    await bobSocket.emit('conversation:join', { conversationId: conversation.id });
    await until('both viewing', () => viewers()?.join() === [alice.agent.id, bob.agent.id].sort().join());

    await aliceSocket.emit('typing', { conversationId: conversation.id, typing: true });
    const [atBob] = await bobSocket.waitFor('typing', 1);
    expect(atBob).toEqual({
      conversationId: conversation.id,
      typing: true,
      sender: { type: 'agent', id: alice.agent.id },
    });
    await visitor.waitFor('typing', 1);
    expect(ownerSocket.received('typing')).toEqual([]); // the owner is not viewing it
    expect(aliceSocket.received('typing')).toEqual([]);

    await bobSocket.emit('conversation:leave', { conversationId: conversation.id });
    await until('bob left', () => viewers()?.join() === alice.agent.id);
    aliceSocket.close();
    await until('alice gone with her socket', () => viewers()?.length === 0);

    // A visitor may follow their own conversation but is not a viewer; another conversation is NOT_FOUND.
    expect(await visitor.emit('conversation:join', { conversationId: conversation.id })).toEqual({ ok: true });
    const other = await visitorConversation(api, running.url, site);
    sockets.push(other.socket);
    expect(await visitor.emit('conversation:join', { conversationId: other.conversation.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});
