import { describe, expect, it, vi } from 'vitest';
import { ChatSession } from '../../src/chat/chat-session';
import { browserStore, VisitorStorage } from '../../src/chat/visitor-storage';
import { conversation, flush, MemoryStore, message, sessionHarness } from './fakes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function started(options: Parameters<typeof sessionHarness>[0] = {}) {
  const harness = sessionHarness(options);
  await harness.session.start();
  await flush();
  harness.connection.up();
  await flush();
  return harness;
}

describe('ChatSession bootstrap', () => {
  it('stores the visitor token it is given and sends it back next time', async () => {
    const store = new MemoryStore();
    const first = sessionHarness({ store });
    await first.session.start();
    expect(store.data.get('zendo:pk_test:visitor')).toBe('visitor-token-1');
    expect(first.backend.state.requests[0].body).toEqual({ websiteKey: 'pk_test' });

    const again = sessionHarness({ store });
    await again.session.start();
    expect(again.backend.state.requests[0].body).toEqual({ websiteKey: 'pk_test', visitorToken: 'visitor-token-1' });
  });

  it('opens the newest open conversation with its whole history, page by page', async () => {
    const history = Array.from({ length: 450 }, (_, i) => message('c-open', i + 1));
    const { session, backend } = sessionHarness({
      conversations: [conversation('c-closed', { status: 'closed' }), conversation('c-open')],
      messages: history,
    });
    await session.start();
    expect(session.currentId).toBe('c-open');
    expect(session.currentMessages.map((m) => m.seq)).toEqual(history.map((m) => m.seq));
    const pages = backend.state.requests.filter((r) => r.url.pathname.endsWith('/messages'));
    expect(pages.map((r) => r.url.searchParams.get('afterSeq'))).toEqual(['0', '200', '400']);
    expect(pages.every((r) => r.headers['X-Visitor-Token'] === 'visitor-token-1')).toBe(true);
  });

  it('shows a closed conversation when the visitor has no open one', async () => {
    const { session } = sessionHarness({ conversations: [conversation('c-closed', { status: 'closed' })] });
    await session.start();
    expect(session.current?.status).toBe('closed');
  });

  it('reports an unknown website key as unavailable and a network failure as offline', async () => {
    const refused = sessionHarness();
    refused.backend.state.bootstrapStatus = 401;
    await expect(refused.session.start()).rejects.toThrow('UNAUTHORIZED');
    expect(refused.session.phase).toBe('unavailable');

    const offline = sessionHarness();
    offline.backend.fetch.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await expect(offline.session.start()).rejects.toThrow('NETWORK');
    expect(offline.session.phase).toBe('offline');
    await offline.session.start();
    expect(offline.session.phase).toBe('ready');
  });

  it('connects with the website key and the current visitor token', async () => {
    const { connection } = await started();
    expect(connection.auth()).toEqual({ websiteKey: 'pk_test', visitorToken: 'visitor-token-1' });
  });

  it('does not connect a prefetching returning visitor who has no open conversation', async () => {
    const { session, connect } = sessionHarness({ conversations: [conversation('c1', { status: 'closed' })] });
    await session.start(false);
    expect(connect).not.toHaveBeenCalled();
  });
});

describe('ChatSession sending', () => {
  it('opens a conversation with the first message, pending until the ack', async () => {
    const { session, connection, events } = await started();
    session.send('  Hello there  ');
    await flush();
    const [request] = connection.requests;
    expect(request.event).toBe('conversation:open');
    expect(request.payload).toEqual({ body: 'Hello there', clientMessageId: expect.stringMatching(UUID) });
    expect(session.currentPending).toMatchObject([{ body: 'Hello there', state: 'pending' }]);

    const sent = message('c-new', 1, {
      sender: { type: 'visitor', id: 'v-1' },
      body: 'Hello there',
      clientMessageId: request.payload.clientMessageId as string,
    });
    connection.answer({ ok: true, conversation: conversation('c-new', { lastSeq: 1 }), message: sent });
    await flush();
    expect(session.currentId).toBe('c-new');
    expect(session.currentMessages).toEqual([sent]);
    expect(session.outbox.items).toEqual([]);
    expect(events.added).toHaveBeenCalledWith([sent]);
  });

  it('sends into the current conversation with message:new, one at a time in order', async () => {
    const { session, connection } = await started({ conversations: [conversation('c1')] });
    session.send('one');
    session.send('two');
    await flush();
    expect(connection.requests.map((r) => [r.event, r.payload.body])).toEqual([['message:new', 'one']]);
    const first = connection.answer({
      ok: true,
      message: message('c1', 1, { sender: { type: 'visitor', id: 'v-1' } }),
    });
    await flush();
    expect(first.payload.conversationId).toBe('c1');
    expect(connection.requests.map((r) => r.payload.body)).toEqual(['two']);
  });

  it('retries with the same clientMessageId after a reconnect when the link dropped mid-send', async () => {
    const { session, connection } = await started({ conversations: [conversation('c1')] });
    session.send('are you there?');
    await flush();
    const firstId = connection.requests[0].payload.clientMessageId;
    expect(session.reconnecting).toBe(false);

    connection.drop();
    await flush();
    expect(session.outbox.items).toMatchObject([{ clientMessageId: firstId, state: 'pending' }]);
    expect(session.reconnecting).toBe(true);

    connection.up();
    await flush();
    expect(connection.requests).toHaveLength(1);
    expect(connection.requests[0].payload).toMatchObject({ clientMessageId: firstId, body: 'are you there?' });
    expect(connection.sent.filter((r) => r.event === 'message:new')).toHaveLength(2);
  });

  it('holds messages written while offline and sends them once connected', async () => {
    const { session, connection } = await started({ conversations: [conversation('c1')] });
    connection.drop();
    session.send('written offline');
    await flush();
    expect(connection.sent).toHaveLength(0);
    connection.up();
    await flush();
    expect(connection.requests.map((r) => r.payload.body)).toEqual(['written offline']);
  });

  it('marks a refused message failed and sends it again, same id, on Retry', async () => {
    const { session, connection } = await started({ conversations: [conversation('c1')] });
    session.send('spam');
    await flush();
    const { payload } = connection.answer({ ok: false, error: { code: 'RATE_LIMITED', message: 'slow down' } });
    await flush();
    expect(session.outbox.items).toMatchObject([{ state: 'failed', error: 'RATE_LIMITED' }]);
    session.retry(payload.clientMessageId as string);
    await flush();
    expect(connection.requests[0].payload.clientMessageId).toBe(payload.clientMessageId);
  });

  it('settles a pending message when its own broadcast arrives before the ack', async () => {
    const { session, connection } = await started({ conversations: [conversation('c1')] });
    session.send('hi');
    await flush();
    const clientMessageId = connection.requests[0].payload.clientMessageId as string;
    const stored = message('c1', 1, { sender: { type: 'visitor', id: 'v-1' }, body: 'hi', clientMessageId });
    connection.push('message:new', { message: stored });
    expect(session.outbox.items).toEqual([]);
    connection.answer({ ok: true, message: stored });
    await flush();
    expect(session.currentMessages).toEqual([stored]);
  });
});

describe('ChatSession receiving', () => {
  it('ignores a message it already has and keeps seq order', async () => {
    const m1 = message('c1', 1);
    const { session, connection, events } = await started({ conversations: [conversation('c1')], messages: [m1] });
    const m2 = message('c1', 2);
    connection.push('message:new', { message: m2 });
    connection.push('message:new', { message: { ...m2 } });
    connection.push('message:new', { message: m1 });
    expect(session.currentMessages.map((m) => m.id)).toEqual([m1.id, m2.id]);
    expect(events.added).toHaveBeenCalledTimes(1);
  });

  it('fetches the missing range when a live message skips a seq', async () => {
    const m1 = message('c1', 1);
    const harness = await started({ conversations: [conversation('c1')], messages: [m1] });
    const [m2, m3] = [message('c1', 2), message('c1', 3)];
    harness.backend.state.messages.push(m2, m3);
    const before = harness.backend.fetch.mock.calls.length;
    harness.connection.push('message:new', { message: m3 });
    await flush();
    const catchUp = harness.backend.state.requests.slice(before);
    expect(catchUp.map((r) => r.url.searchParams.get('afterSeq'))).toEqual(['1']);
    expect(harness.session.currentMessages.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('catches up with afterSeq after a reconnect', async () => {
    const harness = await started({ conversations: [conversation('c1')], messages: [message('c1', 1)] });
    harness.connection.drop();
    const missed = message('c1', 2);
    harness.backend.state.messages.push(missed);
    const before = harness.backend.state.requests.length;
    harness.connection.up();
    await flush();
    expect(harness.backend.state.requests.slice(before).map((r) => r.url.searchParams.get('afterSeq'))).toEqual(['1']);
    expect(harness.session.currentMessages.at(-1)).toEqual(missed);
    expect(harness.events.added).toHaveBeenLastCalledWith([missed]);
  });

  it('catches up when the tab wakes up', async () => {
    const harness = await started({ conversations: [conversation('c1')], messages: [message('c1', 1)] });
    harness.backend.state.messages.push(message('c1', 2));
    harness.session.wake();
    await flush();
    expect(harness.session.currentMessages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('counts unread agent messages until the visitor is looking', async () => {
    const harness = await started({ conversations: [conversation('c1')], messages: [message('c1', 1)] });
    expect(harness.session.unread()).toBe(1);
    harness.connection.push('message:new', { message: message('c1', 2) });
    expect(harness.session.unread()).toBe(2);
    harness.session.setViewing(true);
    expect(harness.session.unread()).toBe(0);
    expect(harness.storage.readSeq('c1')).toBe(2);
    harness.connection.push('message:new', { message: message('c1', 3) });
    expect(harness.session.unread()).toBe(0);
  });

  it('follows the conversation status and agent typing', async () => {
    vi.useFakeTimers();
    try {
      const harness = sessionHarness({ conversations: [conversation('c1')] });
      await harness.session.start();
      await vi.advanceTimersByTimeAsync(0);
      harness.connection.up();
      harness.connection.push('conversation:close', { conversation: conversation('c1', { status: 'closed' }) });
      expect(harness.session.current?.status).toBe('closed');
      harness.connection.push('typing', { conversationId: 'c1', typing: true, sender: { type: 'agent', name: 'Ada' } });
      expect(harness.session.typing).toBe('Ada');
      await vi.advanceTimersByTimeAsync(10_000);
      expect(harness.session.typing).toBeNull();
      harness.connection.push('presence', { status: 'online' });
      expect(harness.session.agentsOnline).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a file picked while the socket is still connecting waits for it, then opens the conversation', async () => {
    vi.useFakeTimers();
    try {
      const harness = sessionHarness();
      await harness.session.start();
      await vi.advanceTimersByTimeAsync(0);
      const opening = harness.session.conversationForFile();
      await vi.advanceTimersByTimeAsync(1_000);
      expect(harness.connection.requests).toHaveLength(0);
      harness.connection.up();
      await vi.advanceTimersByTimeAsync(100);
      const open = harness.connection.requests.find((r) => r.event === 'conversation:open');
      expect(open).toBeDefined();
      harness.connection.answer({ ok: true, conversation: conversation('c9') });
      await expect(opening).resolves.toBe('c9');
    } finally {
      vi.useRealTimers();
    }
  });

  it('opens one conversation for files picked together', async () => {
    vi.useFakeTimers();
    try {
      const harness = sessionHarness();
      await harness.session.start();
      harness.connection.up();
      await vi.advanceTimersByTimeAsync(0);
      const first = harness.session.conversationForFile();
      const second = harness.session.conversationForFile();
      await vi.advanceTimersByTimeAsync(0);
      expect(harness.connection.sent.filter((r) => r.event === 'conversation:open')).toHaveLength(1);
      harness.connection.answer({ ok: true, conversation: conversation('c7') });
      await expect(first).resolves.toBe('c7');
      await expect(second).resolves.toBe('c7');
      await expect(harness.session.conversationForFile()).resolves.toBe('c7');
      expect(harness.connection.sent.filter((r) => r.event === 'conversation:open')).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('waits at least the server’s retryAfter after a BUSY refusal, spread by jitter', async () => {
    vi.useFakeTimers();
    const random = vi.spyOn(Math, 'random');
    try {
      const harness = sessionHarness({ conversations: [conversation('c1')] });
      await harness.session.start();
      await vi.advanceTimersByTimeAsync(0);
      // The shortest wait jitter allows: half of max(retryAfter, backoff).
      random.mockReturnValue(0);
      harness.connection.handlers.refused('BUSY', 6);
      await vi.advanceTimersByTimeAsync(2_900);
      expect(harness.connection.reconnect).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(200);
      expect(harness.connection.reconnect).toHaveBeenCalledTimes(1);
      // Without a retryAfter, the backoff (now 2 s) decides; the longest jitter is 1.5×.
      random.mockReturnValue(0.999);
      harness.connection.handlers.refused('UNAVAILABLE');
      await vi.advanceTimersByTimeAsync(2_900);
      expect(harness.connection.reconnect).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(200);
      expect(harness.connection.reconnect).toHaveBeenCalledTimes(2);
    } finally {
      random.mockRestore();
      vi.useRealTimers();
    }
  });

  it('stores identify() on the visitor with only the given fields', async () => {
    const harness = sessionHarness();
    await harness.session.identify({ name: 'Grace', email: 'grace@example.com' });
    const patch = harness.backend.state.requests.find((r) => r.method === 'PATCH');
    expect(patch?.body).toEqual({ name: 'Grace', email: 'grace@example.com' });
    expect(patch?.headers['X-Visitor-Token']).toBe('visitor-token-1');
    expect(harness.session.visitor).toMatchObject({ name: 'Grace' });
  });
});

describe('ChatSession outbox across reloads', () => {
  const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const KEY = 'zendo:pk_test:outbox:v-1';

  it('keeps what is unsent under the website key and visitor id, and drops it once sent', async () => {
    const { session, connection, store } = await started({ conversations: [conversation('c1')] });
    connection.drop();
    session.send('while offline');
    const [kept] = JSON.parse(store.data.get(KEY)!);
    expect(kept).toMatchObject({ conversationId: 'c1', body: 'while offline', state: 'pending' });
    connection.up();
    await flush();
    connection.answer({
      ok: true,
      message: message('c1', 1, { sender: { type: 'visitor', id: 'v-1' }, clientMessageId: kept.clientMessageId }),
    });
    await flush();
    expect(store.data.has(KEY)).toBe(false);
  });

  it('shows a message kept by the last page as pending and sends it once, with its original id', async () => {
    const store = new MemoryStore();
    store.setItem('zendo:pk_test:visitor', 'visitor-token-1');
    store.setItem(
      KEY,
      JSON.stringify([{ clientMessageId: ID(1), conversationId: 'c1', body: 'kept', state: 'pending' }]),
    );
    const harness = sessionHarness({ store, conversations: [conversation('c1', { status: 'closed' })] });
    // An idle start (nobody opened the panel) connects too, to deliver it.
    await harness.session.start(false);
    expect(harness.session.currentPending).toMatchObject([{ clientMessageId: ID(1), body: 'kept', state: 'pending' }]);
    await flush();
    harness.connection.up();
    await flush();
    expect(harness.connection.sent.map((r) => r.payload)).toEqual([
      { conversationId: 'c1', body: 'kept', clientMessageId: ID(1) },
    ]);
    const stored = message('c1', 1, { sender: { type: 'visitor', id: 'v-1' }, body: 'kept', clientMessageId: ID(1) });
    harness.connection.answer({ ok: true, message: stored });
    await flush();
    expect(harness.session.currentMessages).toEqual([stored]);
    expect(harness.session.currentPending).toEqual([]);
  });

  it('settles a kept message the server already stored when the history loads: shown once, not sent', async () => {
    const store = new MemoryStore();
    store.setItem('zendo:pk_test:visitor', 'visitor-token-1');
    store.setItem(
      KEY,
      JSON.stringify([
        { clientMessageId: ID(1), conversationId: 'c1', body: 'made it', state: 'failed', error: 'TIMEOUT' },
      ]),
    );
    const stored = message('c1', 1, {
      sender: { type: 'visitor', id: 'v-1' },
      body: 'made it',
      clientMessageId: ID(1),
    });
    const harness = sessionHarness({ store, conversations: [conversation('c1')], messages: [stored] });
    await harness.session.start();
    await flush();
    harness.connection.up();
    await flush();
    expect(harness.session.currentMessages).toEqual([stored]);
    expect(harness.session.currentPending).toEqual([]);
    expect(harness.connection.sent).toEqual([]);
    expect(store.data.has(KEY)).toBe(false);
  });

  it('puts a kept first message into the open conversation, or shows it as starting a new one', async () => {
    const kept = JSON.stringify([{ clientMessageId: ID(1), conversationId: null, body: 'hello?', state: 'pending' }]);
    const withOpen = new MemoryStore();
    withOpen.setItem(KEY, kept);
    const a = sessionHarness({ store: withOpen, conversations: [conversation('c-open')] });
    await a.session.start();
    expect(a.session.currentId).toBe('c-open');
    expect(a.session.currentPending.map((m) => m.conversationId)).toEqual(['c-open']);

    const allClosed = new MemoryStore();
    allClosed.setItem(KEY, kept);
    const b = sessionHarness({ store: allClosed, conversations: [conversation('c-old', { status: 'closed' })] });
    await b.session.start();
    await flush();
    expect(b.session.currentId).toBeNull();
    expect(b.session.currentPending.map((m) => m.body)).toEqual(['hello?']);
    b.connection.up();
    await flush();
    expect(b.connection.sent.map((r) => r.event)).toEqual(['conversation:open']);
  });

  it('keeps chatting, and keeps the outbox in memory, when localStorage is blocked', async () => {
    vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    const harness = sessionHarness({ storage: new VisitorStorage('pk_test', browserStore()) });
    await harness.session.start();
    await flush();
    harness.session.send('still works');
    harness.connection.up();
    await flush();
    expect(harness.connection.requests.map((r) => r.payload.body)).toEqual(['still works']);
    expect(harness.storage.readOutbox('v-1')).toMatchObject([{ body: 'still works' }]);
  });
});

describe('ChatSession presence', () => {
  it('starts from the bootstrap’s website.online, unknown when absent', async () => {
    const absent = sessionHarness();
    await absent.session.start();
    expect(absent.session.agentsOnline).toBeNull();
    expect(absent.session.away).toBe(false);

    const offline = sessionHarness({ website: { online: false } });
    await offline.session.start();
    expect(offline.session.agentsOnline).toBe(false);
    expect(offline.session.away).toBe(true);
  });

  it('follows presence events, ignoring statuses visitors are not sent', async () => {
    const { session, connection } = await started({ website: { online: true } });
    connection.push('presence', { status: 'offline' });
    expect(session.away).toBe(true);
    connection.push('presence', { status: 'away' });
    expect(session.away).toBe(true);
    connection.push('presence', { status: 'online' });
    expect(session.agentsOnline).toBe(true);
  });
});

describe('ChatSession started from the loader’s bootstrap', () => {
  it('uses it instead of asking the API again', async () => {
    const store = new MemoryStore();
    const harness = sessionHarness({ store, conversations: [conversation('c1')] });
    const prefetched = {
      visitor: { id: 'v-1' },
      visitorToken: 'visitor-token-1',
      website: { name: 'From the loader' },
      conversations: [conversation('c1')],
    };
    const session = new ChatSession(
      {
        websiteKey: 'pk_test',
        api: harness.backend.api,
        storage: harness.storage,
        connect: harness.connect,
        bootstrap: prefetched,
      },
      harness.events,
    );
    expect(session.isReturning).toBe(true);
    await session.start(false);
    expect(session.website?.name).toBe('From the loader');
    expect(harness.backend.state.requests.filter((r) => r.url.pathname.endsWith('/bootstrap'))).toHaveLength(0);
    expect(store.data.get('zendo:pk_test:visitor')).toBe('visitor-token-1');
    // The open conversation connects the socket, as after any bootstrap.
    expect(harness.connect).toHaveBeenCalledOnce();
  });
});
