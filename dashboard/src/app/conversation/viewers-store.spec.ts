import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { agent, message, signIn } from '../../testing/factories';
import { FakeRealtime } from '../../testing/fake-realtime';
import { Session } from '../core/auth/session';
import { Realtime } from '../core/realtime/realtime';
import { typingText, viewingText, ViewersStore } from './viewers-store';

const names = new Map([
  ['bob', 'Bob'],
  ['carol', 'Carol'],
  ['dan', 'Dan'],
]);

describe('ViewersStore', () => {
  let store: ViewersStore;
  let realtime: FakeRealtime;

  beforeEach(() => {
    realtime = new FakeRealtime();
    realtime.online = true;
    realtime.answer = () => Promise.resolve({ ok: true });
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: Realtime, useValue: realtime },
      ],
    });
    signIn(TestBed.inject(Session), agent('ada'));
    store = TestBed.inject(ViewersStore);
  });

  afterEach(() => vi.useRealTimers());

  it('joins the conversation on screen, leaves it, and joins again after a reconnect', () => {
    store.join('c-1');
    store.leave('c-1');
    store.join('c-2');
    expect(realtime.sent.map((s) => [s.event, s.payload])).toEqual([
      ['conversation:join', { conversationId: 'c-1' }],
      ['conversation:leave', { conversationId: 'c-1' }],
      ['conversation:join', { conversationId: 'c-2' }],
    ]);

    realtime.connected.next();
    expect(realtime.sentOf('conversation:join').at(-1)).toEqual({ conversationId: 'c-2' });

    store.leave('c-2');
    realtime.sent.length = 0;
    realtime.connected.next();
    expect(realtime.sentOf('conversation:join')).toEqual([]);
  });

  it('names the other agents viewing, never this one', () => {
    realtime.viewers.next({ conversationId: 'c-1', agentIds: ['ada', 'bob'] });
    expect(store.viewersOf('c-1')).toEqual(['bob']);
    expect(viewingText(store.viewersOf('c-1'), names)).toBe('Bob is viewing');

    realtime.viewers.next({ conversationId: 'c-1', agentIds: ['ada', 'bob', 'carol', 'dan'] });
    expect(viewingText(store.viewersOf('c-1'), names)).toBe('Bob, Carol and Dan are viewing');

    realtime.viewers.next({ conversationId: 'c-1', agentIds: ['ada'] });
    expect(viewingText(store.viewersOf('c-1'), names)).toBe('');
  });

  it('forgets viewers on reconnect until the server tells again', () => {
    realtime.viewers.next({ conversationId: 'c-1', agentIds: ['bob'] });
    realtime.connected.next();
    expect(store.viewersOf('c-1')).toEqual([]);
  });

  it('shows other agents typing by their member name, and not this agent', () => {
    realtime.typing.next({
      conversationId: 'c-1',
      typing: true,
      sender: { type: 'agent', id: 'bob', name: 'Robert' },
    });
    realtime.typing.next({
      conversationId: 'c-1',
      typing: true,
      sender: { type: 'agent', id: 'ada' },
    });
    realtime.typing.next({
      conversationId: 'c-1',
      typing: true,
      sender: { type: 'visitor', id: 'v' },
    });
    expect(typingText(store.typersOf('c-1'), names)).toBe('Bob is typing…');

    realtime.typing.next({
      conversationId: 'c-1',
      typing: true,
      sender: { type: 'agent', id: 'erin', name: 'Erin' },
    });
    expect(typingText(store.typersOf('c-1'), names)).toBe('Bob and Erin are typing…');

    realtime.typing.next({
      conversationId: 'c-1',
      typing: false,
      sender: { type: 'agent', id: 'bob' },
    });
    realtime.messageNew.next(message('c-1', 4, { sender: { type: 'agent', id: 'erin' } }));
    expect(typingText(store.typersOf('c-1'), names)).toBe('');
  });

  it('stops showing typing when the "stopped" event is lost', () => {
    vi.useFakeTimers();
    realtime.typing.next({
      conversationId: 'c-1',
      typing: true,
      sender: { type: 'agent', id: 'bob' },
    });
    vi.advanceTimersByTime(6_500);
    expect(store.typersOf('c-1').size).toBe(0);
  });
});
