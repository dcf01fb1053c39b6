import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { button, field, options, queryButton, text, type } from '../../testing/dom';
import { agent, member, settle, signIn, website } from '../../testing/factories';
import { FakeRealtime } from '../../testing/fake-realtime';
import { Invite, Member, Role } from '../core/api/api.models';
import { Session } from '../core/auth/session';
import { Realtime } from '../core/realtime/realtime';
import { WebsitesStore } from '../core/websites/websites-store';
import { MembersPage } from './members-page';

const MEMBERS = '/api/v1/websites/w-1/members';
const INVITES = '/api/v1/websites/w-1/invites';

const pendingInvite: Invite = {
  id: 'i-1',
  email: 'pat@example.com',
  role: 'agent',
  invitedBy: { id: 'olga', name: 'Olga' },
  expiresAt: '2026-01-08T00:00:00Z',
  createdAt: '2026-01-01T00:00:00Z',
};

describe('MembersPage', () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<MembersPage>;
  const root = () => fixture.nativeElement as HTMLElement;
  const row = (name: string) =>
    [...root().querySelectorAll<HTMLElement>('ul[aria-label=Members] > li')].find((li) =>
      li.querySelector('.name')?.textContent?.includes(name),
    )!;
  const refresh = async () => {
    await settle();
    await fixture.whenStable();
  };

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

  async function render(role: Role, members: Member[], invites: Invite[] = []): Promise<void> {
    const loaded = TestBed.inject(WebsitesStore).ensureLoaded();
    backend
      .expectOne('/api/v1/websites')
      .flush({ items: [website('w-1', { role, name: 'Acme' })], nextCursor: null });
    await loaded;
    fixture = TestBed.createComponent(MembersPage);
    fixture.componentRef.setInput('websiteId', 'w-1');
    await fixture.whenStable();
    backend.expectOne(MEMBERS).flush({ items: members, nextCursor: null });
    if (role !== 'agent') backend.expectOne(INVITES).flush({ items: invites, nextCursor: null });
    else backend.expectNone(INVITES);
    await refresh();
  }

  it('offers an admin only the roles an admin may grant, and nothing over an owner', async () => {
    await render('admin', [member('ada', 'admin'), member('bob'), member('olga', 'owner')]);
    expect(row('Olga').querySelector('select')).toBeNull();
    expect(text(row('Olga'))).toContain('Owner');
    expect(queryButton(row('Olga'), 'Remove Olga')).toBeUndefined();

    expect(options(field<HTMLSelectElement>(root(), 'Role of Bob'))).toEqual(['Admin', 'Agent']);
    expect(queryButton(row('Bob'), 'Remove Bob')).toBeDefined();
    expect(options(field<HTMLSelectElement>(root(), 'Role'))).toEqual(['Admin', 'Agent']);
  });

  it('lets an owner grant owner, and shows a refusal next to the member it concerns', async () => {
    await render('owner', [member('ada', 'owner'), member('bob')]);
    expect(options(field<HTMLSelectElement>(root(), 'Role of Bob'))).toEqual([
      'Owner',
      'Admin',
      'Agent',
    ]);

    const mine = field<HTMLSelectElement>(root(), 'Role of Ada');
    type(mine, 'agent');
    const patch = backend.expectOne({ method: 'PATCH', url: `${MEMBERS}/ada` });
    expect(patch.request.body).toEqual({ role: 'agent' });
    patch.flush(
      { error: { code: 'LAST_OWNER', message: 'Last owner' } },
      { status: 409, statusText: 'Conflict' },
    );
    await refresh();
    expect(row('Ada').querySelector('[role=alert]')?.textContent).toContain(
      'A website needs at least one owner',
    );
    expect(row('Bob').querySelector('[role=alert]')).toBeNull();
    expect(mine.value).toBe('owner');
  });

  it('changes a role and updates the list', async () => {
    await render('owner', [member('ada', 'owner'), member('bob')]);
    type(field<HTMLSelectElement>(root(), 'Role of Bob'), 'admin');
    backend.expectOne({ method: 'PATCH', url: `${MEMBERS}/bob` }).flush(member('bob', 'admin'));
    await refresh();
    expect(text(root())).toContain('Bob is now admin.');
    expect(field<HTMLSelectElement>(root(), 'Role of Bob').value).toBe('admin');
  });

  it('removes a member only after a confirmation', async () => {
    await render('owner', [member('ada', 'owner'), member('bob')]);
    button(row('Bob'), 'Remove Bob').click();
    await refresh();
    backend.expectNone({ method: 'DELETE', url: `${MEMBERS}/bob` });
    expect(text(row('Bob'))).toContain('Remove Bob from Acme?');
    expect(document.activeElement).toBe(button(row('Bob'), 'Cancel'));

    button(row('Bob'), 'Cancel').click();
    await refresh();
    expect(text(row('Bob'))).not.toContain('Remove Bob from Acme?');

    button(row('Bob'), 'Remove Bob').click();
    await refresh();
    button(row('Bob'), 'Remove Bob').click();
    backend
      .expectOne({ method: 'DELETE', url: `${MEMBERS}/bob` })
      .flush(null, { status: 204, statusText: 'No Content' });
    await refresh();
    expect(row('Bob')).toBeUndefined();
    expect(text(root())).toContain('Bob was removed.');
  });

  it('shows an agent the team without controls, and lets them leave', async () => {
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    await render('agent', [member('ada'), member('bob'), member('olga', 'owner')]);
    expect(root().querySelectorAll('select')).toHaveLength(0);
    expect(root().querySelector('zd-invite-form')).toBeNull();
    expect(queryButton(root(), 'Remove Bob')).toBeUndefined();
    expect(row('Ada').querySelector('zd-presence-dot')?.textContent).toContain('offline');

    button(row('Ada'), 'Leave').click();
    await refresh();
    expect(text(row('Ada'))).toContain('Leave Acme?');
    button(row('Ada'), 'Leave website').click();
    backend
      .expectOne({ method: 'DELETE', url: `${MEMBERS}/me` })
      .flush(null, { status: 204, statusText: 'No Content' });
    await refresh();
    expect(TestBed.inject(WebsitesStore).websites()).toEqual([]);
    expect(navigate).toHaveBeenCalledWith('/');
  });

  describe('invites', () => {
    beforeEach(() => render('owner', [member('ada', 'owner'), member('bob')], [pendingInvite]));

    it('shows an address that is already a member next to the email field', async () => {
      type(field(root(), 'Email'), 'bob@example.com');
      button(root(), 'Send invite').click();
      backend
        .expectOne({ method: 'POST', url: INVITES })
        .flush(
          { error: { code: 'ALREADY_MEMBER', message: 'Already a member' } },
          { status: 409, statusText: 'Conflict' },
        );
      await refresh();
      expect(root().querySelector('#invite-email-error')?.textContent).toContain(
        'bob@example.com is already a member of this website.',
      );
      expect(field(root(), 'Email').getAttribute('aria-invalid')).toBe('true');
    });

    it('sends an invite with the chosen role and lists it as pending', async () => {
      type(field(root(), 'Email'), 'new@example.com');
      type(field<HTMLSelectElement>(root(), 'Role'), 'admin');
      button(root(), 'Send invite').click();
      const post = backend.expectOne({ method: 'POST', url: INVITES });
      expect(post.request.body).toEqual({ email: 'new@example.com', role: 'admin' });
      post.flush(
        {
          id: 'i-2',
          websiteId: 'w-1',
          email: 'new@example.com',
          role: 'admin',
          expiresAt: '2026-01-09T00:00:00Z',
          mailed: false,
        },
        { status: 201, statusText: 'Created' },
      );
      await refresh();
      expect(text(root())).toContain(
        'Invite for new@example.com created, but the email could not be sent.',
      );
      const pending = root().querySelector('ul[aria-label="Pending invites"]')!;
      expect(text(pending)).toContain('new@example.com');
      expect(text(pending)).toContain('invited by Ada');
    });

    it('resends and revokes a pending invite, each answer beside it', async () => {
      button(root(), 'Resend invite to pat@example.com').click();
      backend.expectOne({ method: 'POST', url: `${INVITES}/i-1/resend` }).flush({
        id: 'i-1',
        email: 'pat@example.com',
        role: 'agent',
        expiresAt: '2026-01-10T00:00:00Z',
        mailed: true,
      });
      await refresh();
      expect(text(root())).toContain('Sent again to pat@example.com.');

      button(root(), 'Revoke invite to pat@example.com').click();
      backend
        .expectOne({ method: 'DELETE', url: `${INVITES}/i-1` })
        .flush(null, { status: 204, statusText: 'No Content' });
      await refresh();
      expect(root().querySelector('ul[aria-label="Pending invites"]')).toBeNull();
      expect(text(root())).toContain('The invite to pat@example.com was revoked.');
    });
  });
});
