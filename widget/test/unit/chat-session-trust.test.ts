import { afterEach, describe, expect, it, vi } from 'vitest';
import { WidgetApiError } from '../../src/chat/widget-api';
import { conversation, flush, MemoryStore, message, sessionHarness } from './fakes';

const HASH = 'a'.repeat(64);
const PAGE = { pageUrl: 'https://shop.example/checkout?step=2', pageTitle: 'Checkout – Shop' };

async function started(options: Parameters<typeof sessionHarness>[0] = {}) {
  const harness = sessionHarness(options);
  await harness.session.start();
  await flush();
  harness.connection.up();
  await flush();
  return harness;
}

afterEach(() => vi.restoreAllMocks());

describe('ChatSession: deleted messages and conversations', () => {
  it('keeps a deleted message in its place without its body, and drops the outbox copy of it', async () => {
    const store = new MemoryStore();
    const mine = message('c1', 2, { sender: { type: 'visitor', id: 'v-1' }, clientMessageId: crypto.randomUUID() });
    const history = [message('c1', 1, { body: 'my card is 4111' }), mine, message('c1', 3)];
    const harness = await started({ store, conversations: [conversation('c1', { lastSeq: 3 })], messages: history });
    // A copy kept as unsent (its ack was lost), in memory and in storage.
    harness.session.outbox.restore([
      { clientMessageId: mine.clientMessageId!, conversationId: 'c1', body: mine.body, state: 'failed' },
    ]);

    harness.connection.push('message:deleted', { conversationId: 'c1', messageId: history[0].id, seq: 1 });
    harness.connection.push('message:deleted', { conversationId: 'c1', messageId: mine.id, seq: 2 });

    const shown = harness.session.currentMessages;
    expect(shown.map((m) => [m.seq, m.body, typeof m.deletedAt])).toEqual([
      [1, '', 'string'],
      [2, '', 'string'],
      [3, 'message 3', 'undefined'],
    ]);
    expect(JSON.stringify([...harness.session.messages.values()])).not.toContain('4111');
    expect(harness.session.outbox.items).toEqual([]);
    expect(store.getItem('zendo:pk_test:outbox:v-1')).toBeNull();
    expect(harness.events.removed).toHaveBeenCalledWith([history[0].id]);
    expect(harness.events.removed).toHaveBeenCalledWith([mine.id]);
  });

  it('redacts a message deleted while its fetch was under way, when the fetch lands', async () => {
    const harness = await started({ conversations: [conversation('c1')] });
    const late = message('c1', 1, { body: 'regretted' });
    harness.connection.push('message:deleted', { conversationId: 'c1', messageId: late.id, seq: 1 });
    harness.backend.state.messages = [late];
    harness.session.wake();
    await flush();
    expect(harness.session.currentMessages).toMatchObject([{ id: late.id, body: '', deletedAt: expect.any(String) }]);
  });

  it('takes a history message with deletedAt as it is', async () => {
    const deleted = message('c1', 1, { body: '', deletedAt: '2025-01-02T00:00:00.000Z' });
    const { session } = await started({ conversations: [conversation('c1')], messages: [deleted] });
    expect(session.currentMessages).toEqual([deleted]);
  });

  it('forgets a deleted conversation, its stored state and what waited for it; the visitor starts a new one', async () => {
    const store = new MemoryStore();
    const harness = await started({
      store,
      conversations: [conversation('c1'), conversation('c0', { status: 'closed' })],
      messages: [message('c1', 1), message('c0', 1)],
    });
    harness.session.setViewing(true);
    expect(JSON.parse(store.getItem('zendo:pk_test:read')!)).toEqual({ c1: 1 });
    harness.connection.drop();
    harness.session.send('still there?');
    expect(store.getItem('zendo:pk_test:outbox:v-1')).toContain('still there?');

    harness.connection.push('conversation:deleted', { conversationId: 'c1' });

    const { session } = harness;
    expect(session.conversations.map((c) => c.id)).toEqual(['c0']);
    expect(session.messages.has('c1')).toBe(false);
    expect(session.currentId).toBeNull();
    expect(session.outbox.items).toEqual([]);
    expect(store.getItem('zendo:pk_test:outbox:v-1')).toBeNull();
    expect(JSON.parse(store.getItem('zendo:pk_test:read')!)).toEqual({});
    expect(harness.events.removed).toHaveBeenCalledWith([expect.stringContaining('m-c1-1')]);

    // Nothing arriving late brings it back.
    harness.connection.push('message:new', { message: message('c1', 2) });
    harness.connection.push('conversation:open', { conversation: conversation('c1') });
    expect(session.conversations.map((c) => c.id)).toEqual(['c0']);
    expect(session.unread()).toBe(0);

    harness.connection.up();
    session.send('a new question');
    await flush();
    expect(harness.connection.requests.map((r) => [r.event, r.payload.body])).toEqual([
      ['conversation:open', 'a new question'],
    ]);
  });
});

describe('ChatSession: page context', () => {
  it('sends the page’s URL and title at bootstrap and with conversation:open', async () => {
    const harness = await started({ page: () => PAGE });
    expect(harness.backend.state.requests[0].body).toEqual({ websiteKey: 'pk_test', ...PAGE });
    harness.session.send('hello');
    await flush();
    expect(harness.connection.requests[0].payload).toEqual({
      body: 'hello',
      clientMessageId: expect.any(String),
      ...PAGE,
    });
  });
});

describe('ChatSession: verified identity', () => {
  it('bootstraps with the page’s identity, so the visitor gets their conversations on this device', async () => {
    const harness = sessionHarness({
      page: () => PAGE,
      identity: { userId: 'customer-42', userHash: HASH },
      conversations: [conversation('c-laptop')],
    });
    await harness.session.start();
    expect(harness.backend.state.requests[0].body).toEqual({
      websiteKey: 'pk_test',
      userId: 'customer-42',
      userHash: HASH,
      ...PAGE,
    });
    expect(harness.session.currentId).toBe('c-laptop');
  });

  it('warns once and goes on as an anonymous visitor when the page’s identity is refused', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const harness = sessionHarness({ identity: { userId: 'u', userHash: HASH } });
    harness.backend.fetch.mockImplementationOnce(
      async () =>
        new Response(JSON.stringify({ error: { code: 'IDENTITY_UNVERIFIED', message: 'no' } }), { status: 401 }),
    );
    await harness.session.start();
    expect(harness.session.phase).toBe('ready');
    const bodies = harness.backend.fetch.mock.calls.map(([, init]) => JSON.parse(String(init?.body)));
    expect(bodies.map((body) => body.userId)).toEqual(['u', undefined]);
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0][0]).toContain('IDENTITY_UNVERIFIED');
  });

  it('sends identify({userId, userHash, name, email}) as PATCH /widget/visitor', async () => {
    const harness = await started();
    await harness.session.identify({ userId: 'customer-42', userHash: HASH, name: 'Grace', email: 'g@example.com' });
    const patch = harness.backend.state.requests.find((r) => r.method === 'PATCH');
    expect(patch?.body).toEqual({ userId: 'customer-42', userHash: HASH, name: 'Grace', email: 'g@example.com' });
  });

  it('rejects a refused identify with IDENTITY_UNVERIFIED, warns, and stores nothing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const store = new MemoryStore();
    const harness = await started({ store });
    const before = new Map(store.data);
    harness.backend.state.visitorStatus = 401;
    harness.backend.state.visitorCode = 'IDENTITY_UNVERIFIED';

    const refused = harness.session.identify({ userId: 'u', userHash: HASH, name: 'Mallory' });
    await expect(refused).rejects.toThrow('IDENTITY_UNVERIFIED');
    await expect(refused).rejects.toBeInstanceOf(WidgetApiError);
    await expect(harness.session.identify({ userId: 'u', userHash: HASH })).rejects.toMatchObject({
      code: 'IDENTITY_UNVERIFIED',
    });
    expect(harness.session.visitor).toEqual({ id: 'v-1', name: null, email: null });
    expect(store.data).toEqual(before);
    expect(warn).toHaveBeenCalledOnce(); // two refusals, one warning
    // the token is alive: no new visitor for a wrong hash
    expect(harness.backend.state.requests.filter((r) => r.url.pathname.endsWith('/bootstrap'))).toHaveLength(1);
  });

  it('loads the other visitor’s conversations when a verified identify makes this device theirs', async () => {
    const harness = await started({ conversations: [conversation('c-tablet')] });
    const first = harness.connection;
    harness.backend.state.visitorId = 'v-laptop';
    harness.backend.state.conversations = [conversation('c-tablet'), conversation('c-laptop', { status: 'closed' })];

    await harness.session.identify({ userId: 'customer-42', userHash: HASH });
    await flush();

    expect(harness.session.visitor?.id).toBe('v-laptop');
    expect(harness.session.conversations.map((c) => c.id)).toEqual(['c-tablet', 'c-laptop']);
    expect(first.close).toHaveBeenCalled();
    expect(harness.connect).toHaveBeenCalledTimes(2); // the socket speaks for the merged visitor now
  });
});

describe('ChatSession: a dead visitor token', () => {
  async function erased() {
    const store = new MemoryStore();
    const harness = await started({ store, conversations: [conversation('c1')], messages: [message('c1', 1)] });
    harness.session.setViewing(true);
    expect(store.getItem('zendo:pk_test:read')).toContain('c1');
    harness.session.setViewing(false);
    harness.connection.drop();
    harness.session.send('sent while the visitor was erased');
    // The API forgot the visitor: a bootstrap without a token makes a new one.
    Object.assign(harness.backend.state, {
      token: 'visitor-token-2',
      visitorId: 'v-2',
      conversations: [],
      messages: [],
    });
    return { harness, store };
  }

  it('starts over as a new visitor when the socket refuses the token, once per page', async () => {
    const { harness, store } = await erased();
    const first = harness.connection;

    first.handlers.refused('UNAUTHORIZED');
    await flush();

    const bootstraps = harness.backend.state.requests.filter((r) => r.url.pathname.endsWith('/bootstrap'));
    expect(bootstraps.map((r) => r.body)).toEqual([{ websiteKey: 'pk_test' }, { websiteKey: 'pk_test' }]);
    expect(store.getItem('zendo:pk_test:visitor')).toBe('visitor-token-2');
    expect(store.getItem('zendo:pk_test:outbox:v-1')).toBeNull();
    expect(store.getItem('zendo:pk_test:read') ?? '{}').not.toContain('c1');
    expect(harness.session.visitor?.id).toBe('v-2');
    expect(harness.session.conversations).toEqual([]);
    expect(harness.session.currentMessages).toEqual([]);
    expect(harness.session.phase).toBe('ready');
    expect(first.close).toHaveBeenCalled();
    expect(harness.connection).not.toBe(first);
    expect(harness.connection.auth().visitorToken).toBe('visitor-token-2');

    // Refused again: no second new visitor on this page, only the usual retry.
    vi.useFakeTimers();
    try {
      harness.connection.handlers.refused('UNAUTHORIZED');
      await vi.advanceTimersByTimeAsync(1500);
      expect(harness.connection.reconnect).toHaveBeenCalledOnce();
    } finally {
      vi.useRealTimers();
    }
    expect(harness.backend.state.requests.filter((r) => r.url.pathname.endsWith('/bootstrap'))).toHaveLength(2);
  });

  it('starts over when a history fetch answers 401 UNAUTHORIZED', async () => {
    const { harness } = await erased();
    harness.backend.state.messagesStatus = 401;
    harness.session.wake();
    await flush();
    await flush();
    expect(harness.session.visitor?.id).toBe('v-2');
    expect(harness.backend.state.requests.filter((r) => r.url.pathname.endsWith('/bootstrap'))).toHaveLength(2);
  });

  it('starts over and identifies the new visitor when identify() finds the token dead', async () => {
    const { harness } = await erased();
    harness.backend.fetch.mockImplementationOnce(
      async () => new Response(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'gone' } }), { status: 401 }),
    );
    await harness.session.identify({ name: 'Ada' });
    const patches = harness.backend.fetch.mock.calls.filter(([, init]) => init?.method === 'PATCH');
    const tokens = patches.map(([, init]) => (init?.headers as Record<string, string>)['X-Visitor-Token']);
    expect(tokens).toEqual(['visitor-token-1', 'visitor-token-2']);
    expect(harness.session.visitor).toMatchObject({ id: 'v-2', name: 'Ada' });
  });
});
