import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { button, field, text, type } from '../../testing/dom';
import { agent, settle, signIn, website } from '../../testing/factories';
import { InviteInspection } from '../core/api/api.models';
import { authInterceptor } from '../core/auth/auth.interceptor';
import { REFRESH_TOKEN_KEY, Session } from '../core/auth/session';
import { InvitePage } from './invite-page';

const INSPECT = '/api/v1/invites/inspect';
const ACCEPT = '/api/v1/invites/accept';

function inspection(account: 'new' | 'existing'): InviteInspection {
  return {
    email: 'bob@example.com',
    role: 'agent',
    website: { id: 'w-9', name: 'Acme' },
    account,
  };
}

describe('InvitePage', () => {
  let backend: HttpTestingController;
  let navigate: ReturnType<typeof vi.spyOn>;
  let fixture: ComponentFixture<InvitePage>;
  const root = () => fixture.nativeElement as HTMLElement;
  const refresh = async () => {
    await settle();
    await fixture.whenStable();
  };

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    const router = TestBed.inject(Router);
    navigate = vi.spyOn(router, 'navigate').mockResolvedValue(true);
    vi.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
  });

  afterEach(() => backend.verify());

  async function open(answer: InviteInspection | 404, token = 'tok+en/1'): Promise<void> {
    fixture = TestBed.createComponent(InvitePage);
    fixture.componentRef.setInput('token', token);
    await fixture.whenStable();
    const req = backend.expectOne(INSPECT);
    expect(req.request.body).toEqual({ token });
    expect(req.request.headers.has('Authorization')).toBe(false);
    if (answer === 404) {
      req.flush(
        { error: { code: 'NOT_FOUND', message: 'Invite not found' } },
        { status: 404, statusText: 'Not Found' },
      );
    } else {
      req.flush(answer);
    }
    await refresh();
  }

  it('says clearly when the token is unknown, used or expired', async () => {
    await open(404);
    expect(root().querySelector('h1')?.textContent).toContain('This invite can’t be used');
    expect(text(root())).toContain('expired');
  });

  it('says the link is incomplete without asking the server when there is no token', async () => {
    fixture = TestBed.createComponent(InvitePage);
    await fixture.whenStable();
    backend.expectNone(INSPECT);
    expect(root().querySelector('h1')?.textContent).toContain('This invite can’t be used');
  });

  it('creates the account, signs in as it and opens the website’s inbox', async () => {
    await open(inspection('new'));
    expect(root().querySelector('h1')?.textContent).toContain('Join Acme');
    expect(text(root())).toContain('bob@example.com');

    button(root(), 'Create account and join').click();
    await refresh();
    backend.expectNone(ACCEPT);
    expect(text(root())).toContain('Enter your name.');

    type(field(root(), 'Name'), '  Bob  ');
    type(field(root(), 'Password'), 'long enough secret');
    button(root(), 'Create account and join').click();
    const accept = backend.expectOne(ACCEPT);
    expect(accept.request.body).toEqual({
      token: 'tok+en/1',
      name: 'Bob',
      password: 'long enough secret',
    });
    accept.flush(
      {
        created: true,
        website: { id: 'w-9', name: 'Acme', role: 'agent' },
        agent: agent('bob'),
        accessToken: 'access-bob',
        refreshToken: 'refresh-bob',
      },
      { status: 201, statusText: 'Created' },
    );
    await refresh();

    const session = TestBed.inject(Session);
    expect(session.accessToken()).toBe('access-bob');
    expect(session.agent()?.email).toBe('bob@example.com');
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-bob');
    expect(navigate).toHaveBeenCalledWith(['/w', 'w-9', 'inbox']);
  });

  it('shows the server’s field messages on the new-account form', async () => {
    await open(inspection('new'));
    type(field(root(), 'Name'), 'Bob');
    type(field(root(), 'Password'), 'long enough secret');
    button(root(), 'Create account and join').click();
    backend.expectOne(ACCEPT).flush(
      {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'Invalid input',
          details: [{ field: 'password', message: 'Password is too common' }],
        },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await refresh();
    expect(root().querySelector('#invite-password-error')?.textContent).toContain(
      'Password is too common',
    );
  });

  it('asks an existing account to log in, and to come back here with the token', async () => {
    await open(inspection('existing'));
    const link = [...root().querySelectorAll('a')].find(
      (a) => a.textContent?.trim() === 'Log in to accept',
    );
    const href = new URL(link!.href, 'http://localhost');
    expect(href.pathname).toBe('/login');
    expect(href.searchParams.get('returnUrl')).toBe('/invite?token=tok%2Ben%2F1');
    expect(root().querySelector('form')).toBeNull();
  });

  it('joins with one button when signed in as the invited account', async () => {
    signIn(TestBed.inject(Session), agent('bob', { email: 'Bob@Example.com' }));
    await open(inspection('existing'));
    button(root(), 'Join Acme').click();
    const accept = backend.expectOne(ACCEPT);
    expect(accept.request.body).toEqual({ token: 'tok+en/1' });
    expect(accept.request.headers.get('Authorization')).toBe('Bearer access-bob');
    accept.flush({ created: false, website: { id: 'w-9', name: 'Acme', role: 'agent' } });
    await settle();
    backend
      .expectOne('/api/v1/websites')
      .flush({ items: [website('w-9', { role: 'agent' })], nextCursor: null });
    await refresh();
    expect(navigate).toHaveBeenCalledWith(['/w', 'w-9', 'inbox']);
  });

  it('says which email the invite is for when signed in as another account', async () => {
    signIn(TestBed.inject(Session), agent('ada'));
    await open(inspection('existing'));
    expect(text(root())).toContain(
      'This invite is for bob@example.com, but you are signed in as ada@example.com.',
    );
    button(root(), 'Log out').click();
    backend.expectOne('/api/v1/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
    await refresh();
    expect(TestBed.inject(Session).authenticated()).toBe(false);
    expect(navigate).toHaveBeenCalledWith(['/login'], {
      queryParams: { returnUrl: '/invite?token=tok%2Ben%2F1' },
    });
  });

  it('follows the server when accepting needs a login after all', async () => {
    await open(inspection('new'));
    type(field(root(), 'Name'), 'Bob');
    type(field(root(), 'Password'), 'long enough secret');
    button(root(), 'Create account and join').click();
    backend
      .expectOne(ACCEPT)
      .flush(
        { error: { code: 'LOGIN_REQUIRED', message: 'Log in first' } },
        { status: 401, statusText: 'Unauthorized' },
      );
    await refresh();
    // Signed out, a 401 here is the answer, not a reason to refresh a token.
    backend.expectNone('/api/v1/auth/refresh');
    expect(text(root())).toContain('Log in to accept');
  });
});
