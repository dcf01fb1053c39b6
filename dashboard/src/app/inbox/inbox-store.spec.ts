import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FakeRealtime } from '../../testing/fake-realtime';
import { agent, conversation, message, settle, signIn } from '../../testing/factories';
import { Conversation, InboxConversation } from '../core/api/api.models';
import { Session } from '../core/auth/session';
import { Realtime } from '../core/realtime/realtime';
import { AssigneeView, InboxStore } from './inbox-store';

const LIST_URL = '/api/v1/websites/w-1/conversations';
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString();

/** A conversation as events carry it: without the inbox's visitor, preview and count. */
function bare(id: string, overrides: Partial<InboxConversation> = {}): Conversation {
  const { visitor: _v, lastMessage: _m, unreadCount: _u, ...rest } = conversation(id, overrides);
  return rest;
}

describe('InboxStore', () => {
  let inbox: InboxStore;
  let realtime: FakeRealtime;
  let backend: HttpTestingController;

  beforeEach(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    realtime = new FakeRealtime();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: Realtime, useValue: realtime },
      ],
    });
    inbox = TestBed.inject(InboxStore);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  async function showWith(
    items: InboxConversation[],
    nextCursor: string | null = null,
  ): Promise<void> {
    const shown = inbox.show('w-1');
    const req = backend.expectOne((r) => r.url === LIST_URL);
    expect(req.request.params.get('status')).toBe('open');
    req.flush({ items, nextCursor });
    await shown;
  }

  const ids = () => inbox.conversations().map((c) => c.id);
  const find = (id: string) => inbox.conversations().find((c) => c.id === id);

  it('lists conversations newest activity first', async () => {
    await showWith([
      conversation('old', { lastMessageAt: at(1), lastSeq: 1 }),
      conversation('new', { lastMessageAt: at(5), lastSeq: 1 }),
    ]);
    expect(ids()).toEqual(['new', 'old']);
  });

  it('moves a conversation to the top with its preview and unread count when a message arrives', async () => {
    await showWith([
      conversation('a', { lastMessageAt: at(5), lastSeq: 1 }),
      conversation('b', { lastMessageAt: at(1), lastSeq: 2, unreadCount: 1 }),
    ]);
    const incoming = message('b', 3, { body: 'Still there?', createdAt: at(9) });
    realtime.messageNew.next(incoming);

    expect(ids()).toEqual(['b', 'a']);
    expect(find('b')).toMatchObject({
      unreadCount: 2,
      lastSeq: 3,
      lastMessage: incoming,
      lastMessageAt: at(9),
    });
  });

  it('counts a message once even when it is delivered twice', async () => {
    await showWith([conversation('a', { lastMessageAt: at(1), lastSeq: 1 })]);
    const incoming = message('a', 2, { createdAt: at(2) });
    realtime.messageNew.next(incoming);
    realtime.messageNew.next(incoming);
    expect(find('a')?.unreadCount).toBe(1);
  });

  it('does not count messages in the conversation on screen, nor the agent’s own', async () => {
    await showWith([
      conversation('a', { lastMessageAt: at(1), lastSeq: 1 }),
      conversation('b', { lastMessageAt: at(2), lastSeq: 1 }),
    ]);
    inbox.activeId.set('a');
    realtime.messageNew.next(message('a', 2, { createdAt: at(3) }));
    realtime.messageNew.next(
      message('b', 2, { createdAt: at(4), sender: { type: 'agent', id: 'a-2' } }),
    );
    expect(find('a')?.unreadCount).toBe(0);
    expect(find('b')?.unreadCount).toBe(0);
    expect(ids()).toEqual(['b', 'a']);
  });

  it('counts messages in the conversation on screen while the tab is hidden', async () => {
    await showWith([conversation('a', { lastMessageAt: at(1), lastSeq: 1 })]);
    inbox.activeId.set('a');
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    realtime.messageNew.next(message('a', 2, { createdAt: at(3) }));
    expect(find('a')?.unreadCount).toBe(1);
  });

  it('shows a new conversation at the top as soon as it opens, then takes this agent’s unread count', async () => {
    await showWith([conversation('a', { lastMessageAt: at(1), lastSeq: 1 })]);
    realtime.conversationOpen.next(
      conversation('fresh', { lastMessageAt: at(7), lastSeq: 1, unreadCount: 0 }),
    );
    expect(ids()).toEqual(['fresh', 'a']);

    backend
      .expectOne('/api/v1/conversations/fresh')
      .flush(conversation('fresh', { lastMessageAt: at(7), lastSeq: 1, unreadCount: 1 }));
    await settle();
    expect(find('fresh')?.unreadCount).toBe(1);

    realtime.conversationOpen.next(
      conversation('other-site', { websiteId: 'w-2', lastMessageAt: at(8) }),
    );
    expect(ids()).toEqual(['fresh', 'a']);
  });

  it('fetches a conversation it has not loaded when a message arrives for it', async () => {
    await showWith([conversation('a', { lastMessageAt: at(1), lastSeq: 1 })]);
    realtime.messageNew.next(message('far', 9, { createdAt: at(9) }));
    realtime.messageNew.next(message('far', 10, { createdAt: at(10) }));
    backend
      .expectOne('/api/v1/conversations/far')
      .flush(conversation('far', { lastMessageAt: at(10), lastSeq: 10, unreadCount: 4 }));
    await settle();
    expect(ids()).toEqual(['far', 'a']);
    expect(find('far')?.unreadCount).toBe(4);
  });

  it('drops a conversation from the open list when it is closed', async () => {
    await showWith([conversation('a', { lastMessageAt: at(1), lastSeq: 1 })]);
    const {
      visitor: _v,
      lastMessage: _m,
      unreadCount: _u,
      ...closed
    } = conversation('a', { status: 'closed' });
    realtime.conversationClose.next(closed);
    expect(ids()).toEqual([]);
  });

  it('drops a deleted conversation and ignores its late messages', async () => {
    await showWith([
      conversation('a', { lastMessageAt: at(1), lastSeq: 1 }),
      conversation('b', { lastMessageAt: at(2), lastSeq: 1 }),
    ]);
    realtime.conversationDeleted.next({ conversationId: 'a' });
    expect(ids()).toEqual(['b']);
    expect(inbox.notice()).toBe('');
    realtime.messageNew.next(message('a', 2));
    backend.expectNone('/api/v1/conversations/a');
  });

  it('forgets the preview of a last message that was deleted', async () => {
    const last = message('a', 1, { body: 'my card number' });
    await showWith([conversation('a', { lastMessageAt: at(1), lastSeq: 1, lastMessage: last })]);
    realtime.messageDeleted.next({ conversationId: 'a', messageId: last.id, seq: 1 });
    expect(find('a')?.lastMessage?.body).toBe('');
    expect(find('a')?.lastMessage?.deletedAt).toEqual(expect.any(String));
  });

  it('says so when the conversation on screen is deleted', async () => {
    await showWith([conversation('a', { lastMessageAt: at(1), lastSeq: 1 })]);
    inbox.activeId.set('a');
    realtime.conversationDeleted.next({ conversationId: 'a' });
    expect(ids()).toEqual([]);
    expect(inbox.notice()).toBe('This conversation was deleted.');
  });

  it('pages with the cursor without repeating conversations it already shows', async () => {
    await showWith(
      [
        conversation('a', { lastMessageAt: at(5), lastSeq: 1 }),
        conversation('b', { lastMessageAt: at(4), lastSeq: 1 }),
      ],
      'cursor-2',
    );
    const more = inbox.loadMore();
    const req = backend.expectOne((r) => r.url === LIST_URL);
    expect(req.request.params.get('cursor')).toBe('cursor-2');
    req.flush({
      items: [
        conversation('b', { lastMessageAt: at(4), lastSeq: 1 }),
        conversation('c', { lastMessageAt: at(3) }),
      ],
      nextCursor: null,
    });
    await more;
    expect(ids()).toEqual(['a', 'b', 'c']);
    expect(inbox.hasMore()).toBe(false);
  });

  it('refetches the list after the socket reconnects', async () => {
    await showWith([conversation('a', { lastMessageAt: at(1), lastSeq: 1 })]);
    realtime.connected.next();
    backend
      .expectOne((r) => r.url === LIST_URL)
      .flush({
        items: [
          conversation('missed', { lastMessageAt: at(6), lastSeq: 2, unreadCount: 2 }),
          conversation('a', { lastMessageAt: at(1), lastSeq: 1 }),
        ],
        nextCursor: null,
      });
    await settle();
    expect(ids()).toEqual(['missed', 'a']);
    expect(find('missed')?.unreadCount).toBe(2);
  });

  it('resets the unread count when marked read', async () => {
    await showWith([conversation('a', { lastMessageAt: at(1), lastSeq: 3, unreadCount: 3 })]);
    inbox.markRead('a');
    expect(find('a')?.unreadCount).toBe(0);
  });

  it('does not count system lines as unread', async () => {
    await showWith([conversation('a', { lastMessageAt: at(1), lastSeq: 1 })]);
    realtime.messageNew.next(
      message('a', 2, {
        createdAt: at(2),
        sender: { type: 'system', id: null },
        body: 'Ada assigned the conversation to Bob',
      }),
    );
    expect(find('a')).toMatchObject({ unreadCount: 0, lastSeq: 2 });
  });

  describe('views by assignee', () => {
    beforeEach(() => signIn(TestBed.inject(Session), agent('ada')));

    async function view(assignee: AssigneeView, items: InboxConversation[]): Promise<void> {
      const shown = inbox.show('w-1', assignee);
      const req = backend.expectOne((r) => r.url === LIST_URL);
      expect(req.request.params.get('assignee')).toBe(assignee === 'all' ? null : assignee);
      req.flush({ items, nextCursor: null });
      await shown;
    }

    it('asks for the agent’s own conversations in Mine, and for the rest in Unassigned', async () => {
      await view('me', [conversation('a', { assigneeId: 'ada' })]);
      expect(ids()).toEqual(['a']);
      const switched = inbox.setAssignee('none');
      const req = backend.expectOne((r) => r.url === LIST_URL);
      expect(req.request.params.get('assignee')).toBe('none');
      req.flush({ items: [conversation('b')], nextCursor: null });
      await switched;
      expect(ids()).toEqual(['b']);
    });

    it('lets a conversation leave Mine when it is reassigned, and come back when returned', async () => {
      await view('me', [
        conversation('a', { assigneeId: 'ada', lastMessageAt: at(2) }),
        conversation('b', { assigneeId: 'ada', lastMessageAt: at(1) }),
      ]);
      realtime.conversationAssigned.next(bare('a', { assigneeId: 'bob', lastMessageAt: at(2) }));
      expect(ids()).toEqual(['b']);

      // Messages of a conversation known to be elsewhere cost no request.
      realtime.messageNew.next(message('a', 1, { createdAt: at(3) }));
      backend.expectNone('/api/v1/conversations/a');

      realtime.conversationUpdated.next(bare('a', { assigneeId: 'ada', lastMessageAt: at(3) }));
      backend
        .expectOne('/api/v1/conversations/a')
        .flush(conversation('a', { assigneeId: 'ada', lastMessageAt: at(3), unreadCount: 1 }));
      await settle();
      expect(ids()).toEqual(['a', 'b']);
      expect(find('a')?.unreadCount).toBe(1);
    });

    it('drops a conversation from Unassigned as soon as someone claims it', async () => {
      await view('none', [conversation('a', { lastMessageAt: at(2) }), conversation('b')]);
      realtime.conversationUpdated.next(bare('a', { assigneeId: 'bob', lastMessageAt: at(2) }));
      expect(ids()).toEqual(['b']);
    });

    it('keeps every conversation in All and takes the new assignee', async () => {
      await view('all', [conversation('a', { lastMessageAt: at(2), lastSeq: 3 })]);
      realtime.conversationAssigned.next(
        bare('a', { assigneeId: 'bob', lastMessageAt: at(2), lastSeq: 3 }),
      );
      expect(find('a')?.assigneeId).toBe('bob');
    });
  });

  describe('with tag, member and status filters', () => {
    async function showFiltered(
      filters: Parameters<InboxStore['showFiltered']>[1],
      items: InboxConversation[],
    ) {
      const shown = inbox.showFiltered('w-1', filters);
      const req = backend.expectOne((r) => r.url === LIST_URL);
      req.flush({ items, nextCursor: null });
      await shown;
      return req.request.params;
    }

    it('asks for every tag and any status, and fetches once for several changes', async () => {
      const params = await showFiltered(
        { status: 'all', assignee: 'bob', tags: ['vip', 'billing'] },
        [],
      );
      expect(params.has('status')).toBe(false);
      expect(params.get('assignee')).toBe('bob');
      expect(params.getAll('tag')).toEqual(['billing', 'vip']);
      await inbox.showFiltered('w-1', { status: 'all', assignee: 'bob', tags: ['billing', 'vip'] });
      backend.expectNone((r) => r.url === LIST_URL);
    });

    it('asks the server for the dates, and again only when they change', async () => {
      const params = await showFiltered(
        { status: 'open', assignee: 'all', tags: [], from: '2026-11-01', to: '2026-11-30' },
        [],
      );
      expect(params.get('from')).toBe('2026-11-01');
      expect(params.get('to')).toBe('2026-11-30');
      await inbox.showFiltered('w-1', {
        status: 'open',
        assignee: 'all',
        tags: [],
        from: '2026-11-01',
        to: '2026-11-30',
      });
      backend.expectNone((r) => r.url === LIST_URL);
      const cleared = await showFiltered({ status: 'open', assignee: 'all', tags: [] }, []);
      expect(cleared.has('from')).toBe(false);
      expect(cleared.has('to')).toBe(false);
    });

    it('drops a conversation that loses a filtered tag and takes one that gains it', async () => {
      await showFiltered({ status: 'open', assignee: 'all', tags: ['vip'] }, [
        conversation('a', { tags: ['vip'] }),
      ]);
      realtime.conversationUpdated.next(bare('a', { tags: [] }));
      expect(ids()).toEqual([]);
      realtime.conversationUpdated.next(bare('b', { tags: ['VIP', 'billing'] }));
      backend
        .expectOne('/api/v1/conversations/b')
        .flush(conversation('b', { tags: ['VIP', 'billing'] }));
      await settle();
      expect(ids()).toEqual(['b']);
    });

    it('keeps only the conversations of the member filtered on', async () => {
      await showFiltered({ status: 'open', assignee: 'bob', tags: [] }, [
        conversation('a', { assigneeId: 'bob' }),
      ]);
      realtime.conversationAssigned.next(bare('a', { assigneeId: 'carol' }));
      expect(ids()).toEqual([]);
    });

    it('shows closed and open conversations alike under any status', async () => {
      await showFiltered({ status: 'all', assignee: 'all', tags: [] }, [conversation('a')]);
      realtime.conversationClose.next(bare('a', { status: 'closed' }));
      expect(find('a')?.status).toBe('closed');
    });
  });
});
