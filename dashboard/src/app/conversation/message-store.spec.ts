import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FakeRealtime } from '../../testing/fake-realtime';
import { conversation, message, settle } from '../../testing/factories';
import { Message } from '../core/api/api.models';
import { Realtime } from '../core/realtime/realtime';
import { RealtimeUnavailable } from '../core/realtime/realtime-events';
import { ConversationThread } from './conversation-thread';
import { MessageStore } from './message-store';

const ID = 'c-1';
const MESSAGES_URL = `/api/v1/conversations/${ID}/messages`;

describe('ConversationThread', () => {
  it('keeps one copy of each message, ordered by seq, whatever order they arrive in', () => {
    const thread = new ConversationThread(ID);
    thread.merge([message(ID, 3), message(ID, 1)]);
    thread.merge([message(ID, 2), message(ID, 1), message(ID, 3)]);
    expect(thread.items().map((i) => i.seq)).toEqual([1, 2, 3]);
    expect(thread.lastSeq()).toBe(3);
  });

  it('ignores messages of other conversations', () => {
    const thread = new ConversationThread(ID);
    thread.merge([message('c-2', 1)]);
    expect(thread.items()).toEqual([]);
  });
});

describe('MessageStore', () => {
  let store: MessageStore;
  let realtime: FakeRealtime;
  let backend: HttpTestingController;

  beforeEach(() => {
    realtime = new FakeRealtime();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: Realtime, useValue: realtime },
      ],
    });
    store = TestBed.inject(MessageStore);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  async function openWith(messages: Message[], hasMore = false): Promise<ConversationThread> {
    const opened = store.open(ID);
    backend
      .expectOne(`/api/v1/conversations/${ID}`)
      .flush(conversation(ID, { lastSeq: messages.length }));
    backend.expectOne((r) => r.url === MESSAGES_URL).flush({ messages, hasMore });
    return opened;
  }

  it('loads older history page by page until the message to reveal is held', async () => {
    const latest = Array.from({ length: 50 }, (_, i) => message(ID, 251 + i));
    const thread = await openWith(latest, true);
    thread.revealSeq.set(30);
    const revealing = store.reveal(thread);
    const first = backend.expectOne((r) => r.url === MESSAGES_URL);
    expect(first.request.params.get('beforeSeq')).toBe('251');
    first.flush({
      messages: Array.from({ length: 200 }, (_, i) => message(ID, 51 + i)),
      hasMore: true,
    });
    await settle();
    const second = backend.expectOne((r) => r.url === MESSAGES_URL);
    expect(second.request.params.get('beforeSeq')).toBe('51');
    second.flush({
      messages: Array.from({ length: 50 }, (_, i) => message(ID, 1 + i)),
      hasMore: false,
    });
    await revealing;
    expect(thread.firstSeq()).toBe(1);
    expect(thread.hasOlder()).toBe(false);
    expect(thread.items().some((i) => i.seq === 30)).toBe(true);
  });

  it('fetches nothing to reveal a message already held', async () => {
    const thread = await openWith([message(ID, 1), message(ID, 2)], false);
    thread.revealSeq.set(2);
    await store.reveal(thread);
    backend.expectNone((r) => r.url === MESSAGES_URL);
  });

  it('shows a sent message as pending, then as sent once the server stores it', async () => {
    const thread = await openWith([message(ID, 1)]);
    store.send(thread, '  Hello there  ');
    expect(thread.items().at(-1)).toMatchObject({
      body: 'Hello there',
      state: 'pending',
      seq: null,
    });
    await settle();

    const post = backend.expectOne({ method: 'POST', url: MESSAGES_URL });
    const { clientMessageId } = post.request.body as { clientMessageId: string };
    expect(post.request.body).toEqual({ body: 'Hello there', clientMessageId });
    post.flush(
      message(ID, 2, {
        clientMessageId,
        body: 'Hello there',
        sender: { type: 'agent', id: 'a-1' },
      }),
    );
    await settle();

    expect(thread.items().map((i) => [i.seq, i.state])).toEqual([
      [1, 'sent'],
      [2, 'sent'],
    ]);
  });

  it('shows a message once when its broadcast arrives before the acknowledgement', async () => {
    const thread = await openWith([]);
    realtime.online = true;
    let acknowledge!: (ack: unknown) => void;
    realtime.answer = () => new Promise((resolve) => (acknowledge = resolve));
    store.send(thread, 'Hi');
    await settle();
    const { clientMessageId } = realtime.sent[0].payload as { clientMessageId: string };
    const stored = message(ID, 1, {
      clientMessageId,
      body: 'Hi',
      sender: { type: 'agent', id: 'a-1' },
    });

    realtime.messageNew.next(stored);
    acknowledge({ ok: true, message: stored });
    await settle();

    expect(thread.items()).toHaveLength(1);
    expect(thread.items()[0]).toMatchObject({ state: 'sent', seq: 1, key: clientMessageId });
  });

  it('retries a failed message with the same clientMessageId', async () => {
    const thread = await openWith([]);
    store.send(thread, 'Are you there?');
    await settle();
    const first = backend.expectOne({ method: 'POST', url: MESSAGES_URL });
    const { clientMessageId } = first.request.body as { clientMessageId: string };
    first.flush(
      { error: { code: 'INTERNAL', message: 'Try again later' } },
      { status: 503, statusText: 'Unavailable' },
    );
    await settle();
    expect(thread.items()[0]).toMatchObject({ state: 'failed', error: 'Try again later' });

    store.retry(thread, clientMessageId);
    expect(thread.items()[0].state).toBe('pending');
    await settle();
    const second = backend.expectOne({ method: 'POST', url: MESSAGES_URL });
    expect(second.request.body).toEqual({ body: 'Are you there?', clientMessageId });
    second.flush(
      message(ID, 1, {
        clientMessageId,
        body: 'Are you there?',
        sender: { type: 'agent', id: 'a-1' },
      }),
    );
    await settle();

    expect(thread.items()).toHaveLength(1);
    expect(thread.items()[0]).toMatchObject({ state: 'sent', seq: 1 });
  });

  it('falls back to REST with the same id when the socket does not acknowledge', async () => {
    const thread = await openWith([]);
    realtime.online = true;
    realtime.answer = () => Promise.reject(new RealtimeUnavailable());
    store.send(thread, 'Hello');
    await settle();
    const { clientMessageId } = realtime.sent[0].payload as { clientMessageId: string };
    const post = backend.expectOne({ method: 'POST', url: MESSAGES_URL });
    expect((post.request.body as { clientMessageId: string }).clientMessageId).toBe(
      clientMessageId,
    );
    post.flush(message(ID, 1, { clientMessageId, sender: { type: 'agent', id: 'a-1' } }));
    await settle();
    expect(thread.items()[0].state).toBe('sent');
  });

  it('marks a message refused by the server as failed with its reason', async () => {
    const thread = await openWith([]);
    realtime.online = true;
    realtime.answer = () =>
      Promise.resolve({
        ok: false,
        error: { code: 'CONVERSATION_CLOSED', message: 'This conversation is closed' },
      });
    store.send(thread, 'Hello');
    await settle();
    expect(thread.items()[0]).toMatchObject({
      state: 'failed',
      error: 'This conversation is closed',
    });
  });

  it('says plainly when only the assignee may reply, and learns who that is', async () => {
    const thread = await openWith([]);
    realtime.online = true;
    realtime.answer = () =>
      Promise.resolve({
        ok: false,
        error: { code: 'NOT_ASSIGNEE', message: 'Not the assignee' },
      });
    store.send(thread, 'Hello');
    await settle();
    expect(thread.items()[0]).toMatchObject({
      state: 'failed',
      error: 'Only the agent assigned to this conversation can reply.',
    });
    backend.expectOne(`/api/v1/conversations/${ID}`).flush(conversation(ID, { assigneeId: 'bob' }));
    await settle();
    expect(thread.conversation()?.assigneeId).toBe('bob');
    // Nothing was sent behind the agent's back: no REST retry, no claim.
    backend.expectNone({ method: 'POST', url: MESSAGES_URL });
  });

  it('adds live messages without duplicates and catches up after a reconnect', async () => {
    const thread = await openWith([message(ID, 1), message(ID, 2)]);
    realtime.messageNew.next(message(ID, 3));
    realtime.messageNew.next(message(ID, 3));
    expect(thread.items().map((i) => i.seq)).toEqual([1, 2, 3]);

    realtime.connected.next();
    await settle();
    backend.expectOne(`/api/v1/conversations/${ID}`).flush(conversation(ID, { lastSeq: 5 }));
    const catchUp = backend.expectOne((r) => r.url === MESSAGES_URL);
    expect(catchUp.request.params.get('afterSeq')).toBe('3');
    catchUp.flush({ messages: [message(ID, 4), message(ID, 5)], hasMore: false });
    await settle();
    expect(thread.items().map((i) => i.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('fills a hole in seq from the server instead of showing a gap', async () => {
    const thread = await openWith([message(ID, 1)]);
    realtime.messageNew.next(message(ID, 3));
    await settle();
    backend.expectOne(`/api/v1/conversations/${ID}`).flush(conversation(ID, { lastSeq: 3 }));
    const catchUp = backend.expectOne((r) => r.url === MESSAGES_URL);
    expect(catchUp.request.params.get('afterSeq')).toBe('1');
    catchUp.flush({ messages: [message(ID, 2), message(ID, 3)], hasMore: false });
    await settle();
    expect(thread.items().map((i) => i.seq)).toEqual([1, 2, 3]);
  });

  it('loads older pages before the first held seq', async () => {
    const thread = await openWith([message(ID, 51), message(ID, 52)], true);
    const older = store.loadOlder(thread);
    const req = backend.expectOne((r) => r.url === MESSAGES_URL);
    expect(req.request.params.get('beforeSeq')).toBe('51');
    req.flush({ messages: [message(ID, 49), message(ID, 50)], hasMore: false });
    await older;
    expect(thread.items().map((i) => i.seq)).toEqual([49, 50, 51, 52]);
    expect(thread.hasOlder()).toBe(false);
  });
});
