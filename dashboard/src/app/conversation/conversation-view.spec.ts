import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { field, text } from '../../testing/dom';
import { agent, conversation, member, settle, signIn, website } from '../../testing/factories';
import { FakeRealtime } from '../../testing/fake-realtime';
import { ReplyPolicy } from '../core/api/api.models';
import { Session } from '../core/auth/session';
import { Realtime } from '../core/realtime/realtime';
import { MembersStore } from '../core/team/members-store';
import { WebsitesStore } from '../core/websites/websites-store';
import { ConversationView } from './conversation-view';

describe('ConversationView', () => {
  let backend: HttpTestingController;
  let realtime: FakeRealtime;
  let fixture: ComponentFixture<ConversationView>;
  const root = () => fixture.nativeElement as HTMLElement;
  const refresh = async () => {
    await settle();
    await fixture.whenStable();
  };

  beforeEach(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
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
    backend = TestBed.inject(HttpTestingController);
    signIn(TestBed.inject(Session), agent('ada'));
  });

  afterEach(() => backend.verify());

  async function render(replyPolicy: ReplyPolicy, assigneeId: string | null): Promise<void> {
    const loaded = TestBed.inject(WebsitesStore).ensureLoaded();
    backend
      .expectOne('/api/v1/websites')
      .flush({ items: [website('w-1', { role: 'agent', replyPolicy })], nextCursor: null });
    await loaded;
    const members = TestBed.inject(MembersStore).show('w-1');
    backend.expectOne('/api/v1/websites/w-1/members').flush({
      items: [member('ada'), member('bob'), member('carol')],
      nextCursor: null,
    });
    await members;
    fixture = TestBed.createComponent(ConversationView);
    fixture.componentRef.setInput('conversationId', 'c-1');
    await fixture.whenStable();
    backend.expectOne('/api/v1/conversations/c-1').flush(conversation('c-1', { assigneeId }));
    backend
      .expectOne((r) => r.url === '/api/v1/conversations/c-1/messages')
      .flush({ messages: [], hasMore: false });
    await refresh();
    backend
      .expectOne('/api/v1/websites/w-1/tags')
      .flush({ items: [{ id: 't-1', name: 'vip', color: '#aa0000', conversations: 0 }] });
    await refresh();
  }

  it('shows the tags in the header and follows conversation:updated', async () => {
    await render('anyone', null);
    const applied = () =>
      [...root().querySelectorAll('header [aria-label="Applied tags"] li span')].map(text);
    expect(applied()).toEqual([]);
    realtime.conversationUpdated.next({ ...conversation('c-1'), tags: ['vip'] });
    await fixture.whenStable();
    expect(applied()).toEqual(['vip']);
    expect(root().querySelector('[aria-label="Remove tag vip"]')).not.toBeNull();
  });

  it('joins the conversation while it is on screen and leaves it afterwards', async () => {
    await render('anyone', null);
    expect(realtime.sentOf('conversation:join')).toEqual([{ conversationId: 'c-1' }]);
    fixture.destroy();
    expect(realtime.sentOf('conversation:leave')).toEqual([{ conversationId: 'c-1' }]);
  });

  it('names the other agents viewing and typing', async () => {
    await render('anyone', null);
    realtime.viewers.next({ conversationId: 'c-1', agentIds: ['ada', 'bob', 'carol'] });
    realtime.typing.next({
      conversationId: 'c-1',
      typing: true,
      sender: { type: 'agent', id: 'carol' },
    });
    await fixture.whenStable();
    expect(root().querySelector('.viewers')?.textContent).toContain('Bob and Carol are viewing');
    expect(root().querySelector('.typing')?.textContent).toContain('Carol is typing…');
  });

  it('says before typing that only the assignee may reply, and keeps the composer shut', async () => {
    await render('assignee', 'bob');
    expect(text(root())).toContain(
      'Bob is assigned to this conversation, and on this website only the assignee can reply.',
    );
    expect(field<HTMLTextAreaElement>(root(), 'Message').disabled).toBe(true);
  });

  it('tells that replying to an unassigned conversation takes it', async () => {
    await render('assignee', null);
    expect(text(root())).toContain('Replying assigns this conversation to you.');
    expect(field<HTMLTextAreaElement>(root(), 'Message').disabled).toBe(false);
  });
});
