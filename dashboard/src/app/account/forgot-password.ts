import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { FieldError } from '../core/forms/field-error';
import { applyServerErrors } from '../core/forms/server-errors';
import { ApiError } from '../core/api/api-error';
import { AccountApi } from './account-api';
import { refusalText } from './resend-verification';

@Component({
  selector: 'zd-forgot-password',
  imports: [ReactiveFormsModule, RouterLink, FieldError],
  template: `
    <section class="auth card" aria-labelledby="forgot-title">
      <h1 id="forgot-title">Forgot your password?</h1>
      @if (sent()) {
        <p role="status">
          If an account exists for {{ sent() }}, we sent a link to reset the password. It works for
          one hour.
        </p>
      } @else {
        <p class="muted">Enter the email you log in with and we will mail you a link.</p>
        <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
          @if (error()) {
            <p class="form-error" role="alert">{{ error() }}</p>
          }
          <div class="field">
            <label for="forgot-email">Email</label>
            <input
              id="forgot-email"
              type="email"
              formControlName="email"
              autocomplete="username"
              aria-describedby="forgot-email-error"
              [attr.aria-invalid]="form.controls.email.touched && form.controls.email.invalid"
            />
            <zd-field-error id="forgot-email-error" [control]="form.controls.email" label="email" />
          </div>
          <button type="submit" [disabled]="busy()">Send reset link</button>
        </form>
      }
      <p class="switch"><a routerLink="/login">Back to log in</a></p>
    </section>
  `,
  styleUrl: '../auth/auth-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ForgotPassword {
  private readonly api = inject(AccountApi);
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  /** The address a link was asked for; the answer never says whether it has an account. */
  protected readonly sent = signal('');
  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
  });

  protected async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set('');
    const email = this.form.getRawValue().email.trim();
    try {
      await this.api.forgotPassword(email);
      this.sent.set(email);
    } catch (error) {
      this.error.set(
        ApiError.from(error).status === 429
          ? refusalText(error)
          : applyServerErrors(this.form, error),
      );
    } finally {
      this.busy.set(false);
    }
  }
}
