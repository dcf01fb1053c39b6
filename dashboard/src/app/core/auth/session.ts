import { HttpClient, HttpContext, HttpContextToken } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { firstValueFrom, Subject } from 'rxjs';
import { API, ApiError } from '../api/api-error';
import { Agent, AuthResponse, MeResponse, TokenPair } from '../api/api.models';

/** Marks requests that carry their own credentials (or none) so the interceptor leaves them alone. */
export const SKIP_AUTH = new HttpContextToken<boolean>(() => false);
const anonymous = () => ({ context: new HttpContext().set(SKIP_AUTH, true) });

export const REFRESH_TOKEN_KEY = 'zendo.refreshToken';
const REFRESH_LOCK = 'zendo.refresh';
const EXPIRY_MARGIN_MS = 30_000;

/**
 * The signed-in agent. The access token lives only in memory; the refresh token is kept in
 * localStorage so a reload keeps the agent signed in.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly token = signal<string | null>(null);
  private readonly me = signal<Agent | null>(null);
  private refreshing: Promise<string> | null = null;

  readonly accessToken = this.token.asReadonly();
  readonly agent = this.me.asReadonly();
  readonly authenticated = computed(() => this.token() !== null);
  /** Fires when the session ends, whether by logout, a refused refresh or another tab. */
  readonly ended = new Subject<void>();

  constructor() {
    // Another tab logging out removes the shared refresh token; follow it rather than fail later.
    globalThis.addEventListener?.('storage', (event: StorageEvent) => {
      if (event.key === REFRESH_TOKEN_KEY && event.newValue === null && this.authenticated()) {
        this.end();
      }
    });
  }

  async signup(body: { email: string; password: string; name: string }): Promise<void> {
    this.start(
      await firstValueFrom(this.http.post<AuthResponse>(`${API}/auth/signup`, body, anonymous())),
    );
  }

  async login(body: { email: string; password: string }): Promise<void> {
    this.start(
      await firstValueFrom(this.http.post<AuthResponse>(`${API}/auth/login`, body, anonymous())),
    );
  }

  /**
   * Starts a session from credentials handed out elsewhere (an accepted invite that created the
   * account). Whoever was signed in on this tab before is signed out first, without a detour
   * through the login page.
   */
  adopt(response: AuthResponse): void {
    const previous = readRefreshToken();
    if (this.token() !== null || previous) {
      this.token.set(null);
      this.me.set(null);
      this.ended.next();
    }
    if (previous && previous !== response.refreshToken) {
      firstValueFrom(
        this.http.post(`${API}/auth/logout`, { refreshToken: previous }, anonymous()),
      ).catch(() => undefined);
    }
    this.start(response);
  }

  /** The account's email was just proven (verification or reset link): the banner can go. */
  markEmailVerified(): void {
    this.me.update((agent) => (agent ? { ...agent, emailVerified: true } : agent));
  }

  /** Resumes a session from the stored refresh token at start-up; never throws. */
  async restore(): Promise<void> {
    if (!readRefreshToken()) return;
    try {
      await this.refresh();
      const me = await firstValueFrom(this.http.get<MeResponse>(`${API}/me`));
      this.me.set(me.agent);
    } catch {
      // The login page is the fallback; a refused token has already been cleared by refresh().
    }
  }

  async logout(): Promise<void> {
    const refreshToken = readRefreshToken();
    this.end();
    if (!refreshToken) return;
    try {
      await firstValueFrom(this.http.post(`${API}/auth/logout`, { refreshToken }, anonymous()));
    } catch {
      // Logging out locally is what matters; the server revokes the token on its own schedule.
    }
  }

  /** One refresh at a time, however many callers need a new access token at once. */
  refresh(): Promise<string> {
    this.refreshing ??= this.lockedExchange().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /** An access token that will not expire in the next few seconds, refreshing if needed. */
  async freshToken(): Promise<string> {
    const token = this.token();
    if (token && expiresAt(token) - Date.now() > EXPIRY_MARGIN_MS) return token;
    return this.refresh();
  }

  /** Drops every credential; an agent who was using the console lands on the login page. */
  end(): void {
    const wasInUse = this.token() !== null;
    this.token.set(null);
    this.me.set(null);
    removeRefreshToken();
    this.ended.next();
    // During start-up restore nothing was on screen yet; the route guards decide where to go.
    if (wasInUse) void this.router.navigateByUrl('/login');
  }

  private start(response: AuthResponse): void {
    writeRefreshToken(response.refreshToken);
    this.token.set(response.accessToken);
    this.me.set(response.agent);
  }

  private async lockedExchange(): Promise<string> {
    // Refresh tokens rotate and a reused one revokes the whole family, so tabs sharing the
    // stored token must take turns; each reads the token the previous one stored.
    const locks = globalThis.navigator?.locks;
    if (!locks) return this.exchange();
    return await locks.request(REFRESH_LOCK, () => this.exchange());
  }

  private async exchange(): Promise<string> {
    const refreshToken = readRefreshToken();
    if (!refreshToken) {
      this.end();
      throw new ApiError(401, 'UNAUTHORIZED', 'Your session has ended. Please log in again.');
    }
    try {
      const pair = await firstValueFrom(
        this.http.post<TokenPair>(`${API}/auth/refresh`, { refreshToken }, anonymous()),
      );
      writeRefreshToken(pair.refreshToken);
      this.token.set(pair.accessToken);
      return pair.accessToken;
    } catch (error) {
      const apiError = ApiError.from(error);
      // An unreachable or failing server says nothing about the token: keep it for the next try.
      if (apiError.status !== 0 && apiError.status < 500) this.end();
      throw apiError;
    }
  }
}

function expiresAt(token: string): number {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const { exp } = JSON.parse(atob(payload)) as { exp?: number };
    return typeof exp === 'number' ? exp * 1000 : Number.POSITIVE_INFINITY;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function readRefreshToken(): string | null {
  try {
    return localStorage.getItem(REFRESH_TOKEN_KEY);
  } catch {
    return null;
  }
}

function writeRefreshToken(token: string): void {
  try {
    localStorage.setItem(REFRESH_TOKEN_KEY, token);
  } catch {
    // Storage can be disabled; the session then lasts as long as the tab.
  }
}

function removeRefreshToken(): void {
  try {
    localStorage.removeItem(REFRESH_TOKEN_KEY);
  } catch {
    // Nothing stored, nothing to remove.
  }
}
