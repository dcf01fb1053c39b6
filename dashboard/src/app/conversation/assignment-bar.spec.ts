import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { button, buttonNames, queryButton, text } from '../../testing/dom';
import { agent, conversation, member, settle, signIn, website } from '../../testing/factories';
import { FakeRealtime } from '../../testing/fake-realtime';
import { Role } from '../core/api/api.models';
import { Session } from '../core/auth/session';
import { Realtime } from '../core/realtime/realtime';
import { MembersStore } from '../core/team/members-store';
import { WebsitesStore } from '../core/websites/websites-store';
import { AssignmentBar } from './assignment-bar';
import { MessageStore } from './message-store';

describe('AssignmentBar', () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<AssignmentBar>;
  const root = () => fixture.nativeElement as HTMLElement;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: Realtime, useValue: new FakeRealtime() },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    signIn(TestBed.inject(Session), agent('ada'));
  });

  afterEach(() => backend.verify());

  async function render(role: Role, assigneeId: string | null): Promise<void> {
    const websites = TestBed.inject(WebsitesStore).ensureLoaded();
    backend
      .expectOne('/api/v1/websites')
      .flush({ items: [website('w-1', { role })], nextCursor: null });
    await websites;
    const members = TestBed.inject(MembersStore).show('w-1');
    backend.expectOne('/api/v1/websites/w-1/members').flush({
      items: [member('ada', role), member('bob'), member('carol', 'admin')],
      nextCursor: null,
    });
    await members;
    const thread = TestBed.inject(MessageStore).thread('c-1');
    thread.conversation.set(conversation('c-1', { assigneeId }));
    fixture = TestBed.createComponent(AssignmentBar);
    fixture.componentRef.setInput('thread', thread);
    await fixture.whenStable();
  }

  it('offers an agent Claim on an unassigned conversation, and no menu', async () => {
    await render('agent', null);
    expect(text(root())).toContain('Unassigned');
    expect(buttonNames(root())).toEqual(['Claim']);
  });

  it('says who won when another agent claimed it a moment earlier', async () => {
    await render('agent', null);
    button(root(), 'Claim').click();
    backend
      .expectOne({ method: 'POST', url: '/api/v1/conversations/c-1/claim' })
      .flush(
        { error: { code: 'ALREADY_ASSIGNED', message: 'Already assigned' } },
        { status: 409, statusText: 'Conflict' },
      );
    await settle();
    backend
      .expectOne('/api/v1/conversations/c-1')
      .flush(conversation('c-1', { assigneeId: 'bob' }));
    await settle();
    await fixture.whenStable();

    expect(root().querySelector('[role=alert]')?.textContent).toContain(
      'Bob took it a moment ago.',
    );
    expect(text(root())).toContain('Assigned to Bob');
    expect(queryButton(root(), 'Claim')).toBeUndefined();
  });

  it('claims and shows the conversation as the agent’s own, with Unassign', async () => {
    await render('agent', null);
    button(root(), 'Claim').click();
    backend
      .expectOne({ method: 'POST', url: '/api/v1/conversations/c-1/claim' })
      .flush({ conversation: conversation('c-1', { assigneeId: 'ada' }) });
    await settle();
    await fixture.whenStable();
    expect(text(root())).toContain('Assigned to you');
    expect(buttonNames(root())).toEqual(['Unassign']);
  });

  it('offers an agent nothing on a conversation another agent holds', async () => {
    await render('agent', 'bob');
    expect(text(root())).toContain('Assigned to Bob');
    expect(buttonNames(root())).toEqual([]);
  });

  it('lets an admin assign to any other member or to nobody', async () => {
    await render('admin', 'bob');
    button(root(), 'Assign…').click();
    await fixture.whenStable();
    const list = root().querySelector('ul[aria-label="Assign to"]')!;
    expect(buttonNames(list)).toEqual(['Unassigned', 'Ada (you) (offline)', 'Carol (offline)']);

    button(list as HTMLElement, 'Carol (offline)').click();
    const assign = backend.expectOne({ method: 'POST', url: '/api/v1/conversations/c-1/assign' });
    expect(assign.request.body).toEqual({ agentId: 'carol' });
    assign.flush(conversation('c-1', { assigneeId: 'carol' }));
    await settle();
    await fixture.whenStable();
    expect(text(root())).toContain('Assigned to Carol');
  });

  it('closes the assign list with Escape and gives focus back to its button', async () => {
    await render('owner', null);
    const toggle = button(root(), 'Assign…');
    toggle.click();
    await fixture.whenStable();
    const first = root().querySelector<HTMLButtonElement>('ul button')!;
    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await fixture.whenStable();
    expect(root().querySelector('ul')).toBeNull();
    expect(document.activeElement).toBe(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
  });
});
