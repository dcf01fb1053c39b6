import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { settle } from '../../../testing/factories';
import { authInterceptor } from './auth.interceptor';
import { REFRESH_TOKEN_KEY, Session } from './session';

const agent = {
  id: 'a-1',
  email: 'ada@example.com',
  name: 'Ada',
  createdAt: '2026-01-01T00:00:00Z',
};
const unauthorized = { error: { code: 'UNAUTHORIZED', message: 'Token expired' } };
const isThing = (url: string) => url.startsWith('/api/v1/things/');

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let session: Session;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    session = TestBed.inject(Session);
    const login = session.login({ email: agent.email, password: 'correct horse' });
    backend
      .expectOne('/api/v1/auth/login')
      .flush({ agent, accessToken: 'access-1', refreshToken: 'refresh-1' });
    await login;
  });

  afterEach(() => backend.verify());

  it('sends the access token with API requests', async () => {
    const result = firstValueFrom(http.get('/api/v1/things/1'));
    const req = backend.expectOne('/api/v1/things/1');
    expect(req.request.headers.get('Authorization')).toBe('Bearer access-1');
    req.flush({ ok: true });
    expect(await result).toEqual({ ok: true });
  });

  it('refreshes once for many concurrent 401s and retries each request with the new token', async () => {
    const results = [1, 2, 3].map((n) =>
      firstValueFrom(http.get<{ n: number }>(`/api/v1/things/${n}`)),
    );
    const first = backend.match((r) => isThing(r.url));
    expect(first).toHaveLength(3);
    for (const req of first) req.flush(unauthorized, { status: 401, statusText: 'Unauthorized' });
    await settle();

    const refresh = backend.expectOne('/api/v1/auth/refresh');
    expect(refresh.request.body).toEqual({ refreshToken: 'refresh-1' });
    expect(refresh.request.headers.has('Authorization')).toBe(false);
    refresh.flush({ accessToken: 'access-2', refreshToken: 'refresh-2' });
    await settle();

    const retried = backend.match((r) => isThing(r.url));
    expect(retried).toHaveLength(3);
    for (const req of retried) {
      expect(req.request.headers.get('Authorization')).toBe('Bearer access-2');
      req.flush({ n: Number(req.request.url.split('/').pop()) });
    }
    expect(await Promise.all(results)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-2');
    expect(session.accessToken()).toBe('access-2');
  });

  it('retries without a second refresh when the token was already renewed meanwhile', async () => {
    const early = firstValueFrom(http.get('/api/v1/things/early'));
    const late = firstValueFrom(http.get('/api/v1/things/late'));
    backend
      .expectOne('/api/v1/things/early')
      .flush(unauthorized, { status: 401, statusText: 'Unauthorized' });
    await settle();
    backend
      .expectOne('/api/v1/auth/refresh')
      .flush({ accessToken: 'access-2', refreshToken: 'refresh-2' });
    await settle();
    backend.expectOne('/api/v1/things/early').flush('early');
    expect(await early).toBe('early');

    // Sent with the old token before the refresh, answered 401 after it.
    backend
      .expectOne('/api/v1/things/late')
      .flush(unauthorized, { status: 401, statusText: 'Unauthorized' });
    await settle();
    backend.expectNone('/api/v1/auth/refresh');
    const retry = backend.expectOne('/api/v1/things/late');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer access-2');
    retry.flush('late');
    expect(await late).toBe('late');
  });

  it('logs out to the login page when the refresh is refused', async () => {
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const results = [1, 2].map((n) =>
      firstValueFrom(http.get(`/api/v1/things/${n}`)).catch((e: unknown) => e),
    );
    for (const req of backend.match((r) => isThing(r.url))) {
      req.flush(unauthorized, { status: 401, statusText: 'Unauthorized' });
    }
    await settle();
    backend
      .expectOne('/api/v1/auth/refresh')
      .flush(
        { error: { code: 'UNAUTHORIZED', message: 'Refresh token revoked' } },
        { status: 401, statusText: 'Unauthorized' },
      );
    await settle();

    const errors = await Promise.all(results);
    expect(errors.every((e) => e instanceof Error && e.message === 'Refresh token revoked')).toBe(
      true,
    );
    backend.expectNone((r) => isThing(r.url));
    expect(session.authenticated()).toBe(false);
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(navigate).toHaveBeenCalledWith('/login');
  });

  it('keeps the session when the refresh fails only because the server is unreachable', async () => {
    const result = firstValueFrom(http.get('/api/v1/things/1')).catch((e: unknown) => e);
    backend
      .expectOne('/api/v1/things/1')
      .flush(unauthorized, { status: 401, statusText: 'Unauthorized' });
    await settle();
    backend.expectOne('/api/v1/auth/refresh').error(new ProgressEvent('error'));
    await settle();

    expect(await result).toBeInstanceOf(Error);
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-1');
  });

  it('leaves requests to other origins untouched', async () => {
    const result = firstValueFrom(http.get('https://elsewhere.example/data'));
    const req = backend.expectOne('https://elsewhere.example/data');
    expect(req.request.headers.has('Authorization')).toBe(false);
    req.flush('ok');
    await result;
  });
});
