import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { button, buttonNames, queryButton, text } from '../../testing/dom';
import { agent, conversation, message, settle, signIn, website } from '../../testing/factories';
import { FakeRealtime } from '../../testing/fake-realtime';
import { Message, Role } from '../core/api/api.models';
import { Session } from '../core/auth/session';
import { Realtime } from '../core/realtime/realtime';
import { WebsitesStore } from '../core/websites/websites-store';
import { InboxStore } from '../inbox/inbox-store';
import { ConversationView } from './conversation-view';

describe('deleting conversations and messages', () => {
  let backend: HttpTestingController;
  let realtime: FakeRealtime;
  let fixture: ComponentFixture<ConversationView>;
  let navigate: ReturnType<typeof vi.spyOn>;
  const root = () => fixture.nativeElement as HTMLElement;
  const refresh = async () => {
    await settle();
    await fixture.whenStable();
  };
  const history = () => root().querySelector<HTMLElement>('[role=log]')!;
  const rowOf = (body: string) =>
    [...history().querySelectorAll<HTMLElement>('li')].find((li) => text(li).includes(body))!;

  const messages: Message[] = [
    message('c-1', 1, { body: 'visitor asks' }),
    message('c-1', 2, { body: 'ada answers', sender: { type: 'agent', id: 'ada', name: 'Ada' } }),
    message('c-1', 3, { body: 'bob answers', sender: { type: 'agent', id: 'bob', name: 'Bob' } }),
    message('c-1', 4, { body: 'Ada closed it', sender: { type: 'system', id: null } }),
  ];

  beforeEach(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    realtime = new FakeRealtime();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: Realtime, useValue: realtime },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    signIn(TestBed.inject(Session), agent('ada'));
  });

  afterEach(() => {
    // The header's tag control loads the catalogue; these tests are not about it.
    backend.match((r) => r.url.endsWith('/tags')).forEach((r) => r.flush({ items: [] }));
    backend.verify();
  });

  async function render(role: Role): Promise<void> {
    const loaded = TestBed.inject(WebsitesStore).ensureLoaded();
    backend
      .expectOne('/api/v1/websites')
      .flush({ items: [website('w-1', { role })], nextCursor: null });
    await loaded;
    fixture = TestBed.createComponent(ConversationView);
    fixture.componentRef.setInput('conversationId', 'c-1');
    await fixture.whenStable();
    backend.expectOne('/api/v1/conversations/c-1').flush(conversation('c-1'));
    backend
      .expectOne((r) => r.url === '/api/v1/conversations/c-1/messages')
      .flush({ messages, hasMore: false });
    await refresh();
  }

  it('lets an agent delete only their own messages', async () => {
    await render('agent');
    expect(queryButton(rowOf('ada answers'), 'Delete message')).toBeDefined();
    expect(queryButton(rowOf('bob answers'), 'Delete message')).toBeUndefined();
    expect(queryButton(rowOf('visitor asks'), 'Delete message')).toBeUndefined();
    expect(buttonNames(root())).not.toContain('Delete conversation');
  });

  it('lets an owner delete any message but never a system line', async () => {
    await render('owner');
    for (const body of ['visitor asks', 'ada answers', 'bob answers']) {
      expect(queryButton(rowOf(body), 'Delete message')).toBeDefined();
    }
    expect(queryButton(rowOf('Ada closed it'), 'Delete message')).toBeUndefined();
  });

  it('deletes a message after confirming and shows it in place as deleted', async () => {
    await render('owner');
    button(rowOf('bob answers'), 'Delete message').click();
    await refresh();
    button(rowOf('bob answers'), 'Delete').click();
    const req = backend.expectOne('/api/v1/messages/m-c-1-3');
    expect(req.request.method).toBe('DELETE');
    req.flush(null, { status: 204, statusText: 'No Content' });
    await refresh();
    const items = [...history().querySelectorAll('li')].map((li) => text(li));
    expect(items).toHaveLength(4);
    expect(items[2]).toContain('Message deleted');
    expect(text(history())).not.toContain('bob answers');
  });

  it('shows the refusal when a message cannot be deleted', async () => {
    await render('agent');
    button(rowOf('ada answers'), 'Delete message').click();
    await refresh();
    button(rowOf('ada answers'), 'Delete').click();
    backend
      .expectOne('/api/v1/messages/m-c-1-2')
      .flush(
        { error: { code: 'FORBIDDEN', message: 'Only its author or an admin may delete it' } },
        { status: 403, statusText: 'Forbidden' },
      );
    await refresh();
    const alerts = [...root().querySelectorAll<HTMLElement>('[role=alert]')].map(text);
    expect(alerts).toContain('Only its author or an admin may delete it');
    expect(text(history())).toContain('ada answers');
  });

  it('marks a message deleted elsewhere when the event arrives', async () => {
    await render('agent');
    realtime.messageDeleted.next({ conversationId: 'c-1', messageId: 'm-c-1-1', seq: 1 });
    await refresh();
    expect(text(rowOf('Message deleted'))).not.toContain('visitor asks');
    expect(text(history())).not.toContain('visitor asks');
  });

  it('deletes the conversation after a confirmation, then goes back to the inbox', async () => {
    await render('admin');
    button(root(), 'Delete conversation').click();
    await refresh();
    expect(root().querySelector('[role=alertdialog]')?.textContent).toContain('30 days');
    expect(document.activeElement?.textContent?.trim()).toBe('Cancel'); // the safe choice
    button(root(), 'Delete for everyone').click();
    const req = backend.expectOne('/api/v1/conversations/c-1');
    expect(req.request.method).toBe('DELETE');
    req.flush(null, { status: 204, statusText: 'No Content' });
    await refresh();
    expect(navigate).toHaveBeenCalledWith(['/w', 'w-1', 'inbox'], {
      queryParamsHandling: 'preserve',
    });
    expect(TestBed.inject(InboxStore).notice()).toBe('Conversation deleted.');
  });

  it('leaves a conversation someone else deleted, saying so', async () => {
    await render('agent');
    realtime.conversationDeleted.next({ conversationId: 'c-1' });
    await refresh();
    expect(navigate).toHaveBeenCalledWith(['/w', 'w-1', 'inbox'], {
      queryParamsHandling: 'preserve',
    });
    expect(TestBed.inject(InboxStore).notice()).toBe('This conversation was deleted.');
  });
});
