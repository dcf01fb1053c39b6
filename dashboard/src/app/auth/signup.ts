import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { Session } from '../core/auth/session';
import { applyServerErrors } from '../core/forms/server-errors';
import { FieldError } from '../core/forms/field-error';

@Component({
  selector: 'zd-signup',
  imports: [ReactiveFormsModule, RouterLink, FieldError],
  templateUrl: './signup.html',
  styleUrl: './auth-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Signup {
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  // The same limits as the server, so most mistakes are caught before a round trip.
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    password: ['', [Validators.required, Validators.minLength(10), Validators.maxLength(128)]],
  });

  protected async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set('');
    try {
      const { name, email, password } = this.form.getRawValue();
      await this.session.signup({ name: name.trim(), email, password });
      await this.router.navigateByUrl('/');
    } catch (error) {
      this.error.set(applyServerErrors(this.form, error));
    } finally {
      this.busy.set(false);
    }
  }
}
