import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import {
  AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  Validators,
} from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { ApiError } from '../core/api/api-error';
import { Session } from '../core/auth/session';
import { FieldError } from '../core/forms/field-error';
import { applyServerErrors } from '../core/forms/server-errors';
import { AccountApi } from './account-api';

const PASSWORD_MIN = 10;
const PASSWORD_MAX = 128;

/** Where the reset link lands: `/app/reset-password?token=…`. */
@Component({
  selector: 'zd-reset-password',
  imports: [ReactiveFormsModule, RouterLink, FieldError],
  template: `
    <section class="auth card" aria-labelledby="reset-title">
      <h1 id="reset-title">Choose a new password</h1>
      @if (!token()) {
        <p class="form-error" role="alert">
          This link has no token. Open the link from the email again.
        </p>
      } @else {
        <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
          @if (error()) {
            <p class="form-error" role="alert">
              {{ error() }}
              @if (expired()) {
                <a routerLink="/forgot-password">Ask for a new link</a>
              }
            </p>
          }
          <div class="field">
            <label for="reset-password">New password</label>
            <input
              id="reset-password"
              type="password"
              formControlName="password"
              autocomplete="new-password"
              aria-describedby="reset-password-hint reset-password-error"
              [attr.aria-invalid]="form.controls.password.touched && form.controls.password.invalid"
            />
            <span class="hint" id="reset-password-hint">10 to 128 characters.</span>
            <zd-field-error
              id="reset-password-error"
              [control]="form.controls.password"
              label="new password"
            />
          </div>
          <div class="field">
            <label for="reset-repeat">Repeat new password</label>
            <input
              id="reset-repeat"
              type="password"
              formControlName="repeat"
              autocomplete="new-password"
              aria-describedby="reset-repeat-error"
              [attr.aria-invalid]="form.controls.repeat.touched && form.controls.repeat.invalid"
            />
            <zd-field-error
              id="reset-repeat-error"
              [control]="form.controls.repeat"
              label="new password again"
            />
          </div>
          <button type="submit" [disabled]="busy()">Set new password</button>
        </form>
      }
      <p class="switch"><a routerLink="/login">Back to log in</a></p>
    </section>
  `,
  styleUrl: '../auth/auth-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ResetPassword {
  private readonly api = inject(AccountApi);
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  /** From the query string. */
  readonly token = input<string>();
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly expired = signal(false);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    password: [
      '',
      [Validators.required, Validators.minLength(PASSWORD_MIN), Validators.maxLength(PASSWORD_MAX)],
    ],
    repeat: ['', [Validators.required, (c: AbstractControl) => this.sameAsPassword(c)]],
  });

  constructor() {
    // The repeat field is judged against the first one, so it must be judged again when that changes.
    this.form.controls.password.valueChanges.subscribe(() =>
      this.form.controls.repeat.updateValueAndValidity({ emitEvent: false }),
    );
  }

  protected async submit(): Promise<void> {
    const token = this.token();
    if (!token) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set('');
    this.expired.set(false);
    try {
      await this.api.resetPassword(token, this.form.getRawValue().password);
      // The reset ended every session of the account, this tab's too if it was signed in.
      if (this.session.authenticated()) this.session.end();
      await this.router.navigate(['/login'], { queryParams: { reset: '1' } });
    } catch (error) {
      const apiError = ApiError.from(error);
      this.expired.set(apiError.code === 'INVALID_TOKEN');
      this.error.set(applyServerErrors(this.form, error));
    } finally {
      this.busy.set(false);
    }
  }

  private sameAsPassword(control: AbstractControl): ValidationErrors | null {
    const password = control.parent?.get('password')?.value as string | undefined;
    if (!control.value || password === undefined || control.value === password) return null;
    return { mismatch: 'The two passwords are not the same.' };
  }
}
