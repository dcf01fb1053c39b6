import {
  ChangeDetectionStrategy,
  Component,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { ApiError } from '../core/api/api-error';
import { Session } from '../core/auth/session';
import { AccountApi } from './account-api';
import { ResendVerification } from './resend-verification';

type State = 'checking' | 'verified' | 'invalid' | 'failed';

/** Where the link mailed at signup lands: `/app/verify-email?token=…`. */
@Component({
  selector: 'zd-verify-email',
  imports: [RouterLink, ResendVerification],
  template: `
    <section class="auth card" aria-labelledby="verify-title">
      <h1 id="verify-title">Confirm your email</h1>
      @switch (state()) {
        @case ('checking') {
          <p role="status">Checking your link…</p>
        }
        @case ('verified') {
          <p role="status">Your email address is confirmed. Thank you.</p>
          <p class="switch">
            @if (session.authenticated()) {
              <a routerLink="/">Go to your inbox</a>
            } @else {
              <a routerLink="/login">Log in</a>
            }
          </p>
        }
        @default {
          <p class="form-error" role="alert">{{ error() }}</p>
          @if (state() === 'invalid') {
            @if (session.authenticated()) {
              <zd-resend-verification />
            } @else {
              <p><a routerLink="/login">Log in</a> to ask for a new link.</p>
            }
          }
        }
      }
    </section>
  `,
  styleUrl: '../auth/auth-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class VerifyEmail {
  private readonly api = inject(AccountApi);
  protected readonly session = inject(Session);
  /** From the query string. */
  readonly token = input<string>();
  protected readonly state = signal<State>('checking');
  protected readonly error = signal('');

  constructor() {
    effect(() => {
      const token = this.token();
      untracked(() => void this.verify(token));
    });
  }

  private async verify(token: string | undefined): Promise<void> {
    if (!token) {
      this.fail('invalid', 'This link has no token. Open the link from the email again.');
      return;
    }
    this.state.set('checking');
    try {
      await this.api.verifyEmail(token);
      this.session.markEmailVerified();
      this.state.set('verified');
    } catch (error) {
      const apiError = ApiError.from(error);
      if (apiError.code === 'VALIDATION_FAILED') {
        this.fail('invalid', 'This link is not valid. Ask for a new one.');
      } else {
        this.fail(apiError.code === 'INVALID_TOKEN' ? 'invalid' : 'failed', apiError.message);
      }
    }
  }

  private fail(state: State, message: string): void {
    this.error.set(message);
    this.state.set(state);
  }
}
