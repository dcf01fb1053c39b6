import {
  ChangeDetectionStrategy,
  Component,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ApiError } from '../core/api/api-error';
import { Role } from '../core/api/api.models';
import { FieldError } from '../core/forms/field-error';
import { applyServerErrors } from '../core/forms/server-errors';
import { ROLE_LABELS } from '../core/team/roles';
import { InvitesStore } from './invites-store';
import { teamErrorText } from './team-errors';

@Component({
  selector: 'zd-invite-form',
  imports: [ReactiveFormsModule, FieldError],
  template: `
    <h2 id="invite-title">Invite someone</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate aria-labelledby="invite-title">
      @if (error()) {
        <p class="form-error" role="alert">{{ error() }}</p>
      }
      <div class="fields">
        <div class="field email">
          <label for="invite-email">Email</label>
          <input
            id="invite-email"
            type="email"
            autocomplete="off"
            formControlName="email"
            aria-describedby="invite-email-error"
            [attr.aria-invalid]="form.controls.email.touched && form.controls.email.invalid"
          />
          <zd-field-error id="invite-email-error" [control]="form.controls.email" label="email" />
        </div>
        <div class="field">
          <label for="invite-role">Role</label>
          <select id="invite-role" formControlName="role">
            @for (role of roles(); track role) {
              <option [value]="role">{{ labels[role] }}</option>
            }
          </select>
        </div>
      </div>
      <button type="submit" [disabled]="busy()">Send invite</button>
      <span class="sent" role="status">{{ sent() }}</span>
    </form>
  `,
  styles: `
    .fields {
      display: flex;
      flex-wrap: wrap;
      gap: 0 1rem;
    }
    .email {
      flex: 1 1 16rem;
    }
    .sent {
      margin-left: 0.75rem;
      color: var(--zd-muted);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InviteForm {
  private readonly invites = inject(InvitesStore);
  /** The roles the caller may invite with; the first is never more than `agent` needs. */
  readonly roles = input.required<Role[]>();
  protected readonly labels = ROLE_LABELS;
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly sent = signal('');
  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    role: ['agent' as Role],
  });

  constructor() {
    effect(() => {
      const roles = this.roles();
      untracked(() => {
        const role = this.form.controls.role;
        if (!roles.includes(role.value))
          role.setValue(roles.includes('agent') ? 'agent' : roles[0]);
      });
    });
  }

  protected async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set('');
    this.sent.set('');
    const { email, role } = this.form.getRawValue();
    try {
      const invite = await this.invites.invite(email.trim(), role);
      this.sent.set(
        invite.mailed
          ? `Invite sent to ${invite.email}.`
          : `Invite for ${invite.email} created, but the email could not be sent. Try "Resend" below later.`,
      );
      this.form.reset({ email: '', role });
    } catch (error) {
      const apiError = ApiError.from(error);
      if (apiError.code === 'ALREADY_MEMBER') {
        this.form.controls.email.setErrors({
          server: `${email.trim()} is already a member of this website.`,
        });
        this.form.controls.email.markAsTouched();
      } else if (apiError.details.length) {
        this.error.set(applyServerErrors(this.form, apiError));
      } else {
        this.error.set(teamErrorText(apiError));
      }
    } finally {
      this.busy.set(false);
    }
  }
}
