import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { ApiError } from '../core/api/api-error';
import { InviteInspection } from '../core/api/api.models';
import { Session } from '../core/auth/session';
import { FieldError } from '../core/forms/field-error';
import { applyServerErrors } from '../core/forms/server-errors';
import { ROLE_LABELS } from '../core/team/roles';
import { WebsitesStore } from '../core/websites/websites-store';
import { InviteApi } from './invite-api';

type Stage =
  | { kind: 'checking' }
  | { kind: 'invalid' }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; invite: InviteInspection };

/** What the person holding the invite can do, given who (if anyone) is signed in on this tab. */
export type InviteAction = 'create' | 'join' | 'login' | 'wrong-account';

/**
 * `/invite?token=…`, outside the signed-in shell: a new person makes an account and joins; someone
 * with an account joins as that account, logging in (and coming back here) first if needed.
 */
@Component({
  selector: 'zd-invite-page',
  imports: [ReactiveFormsModule, RouterLink, FieldError],
  templateUrl: './invite-page.html',
  styleUrls: ['../auth/auth-page.scss', './invite-page.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InvitePage {
  private readonly api = inject(InviteApi);
  private readonly router = inject(Router);
  private readonly websites = inject(WebsitesStore);
  protected readonly session = inject(Session);
  readonly token = input<string>();

  protected readonly labels = ROLE_LABELS;
  protected readonly stage = signal<Stage>({ kind: 'checking' });
  /** Set when the server's answer to accepting says otherwise than the inspection did. */
  private readonly override = signal<InviteAction | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly failure = computed(() => {
    const stage = this.stage();
    return stage.kind === 'failed' ? stage.message : '';
  });
  protected readonly invite = computed(() => {
    const stage = this.stage();
    return stage.kind === 'ready' ? stage.invite : null;
  });
  protected readonly action = computed<InviteAction | null>(() => {
    const invite = this.invite();
    if (!invite) return null;
    return this.override() ?? inviteAction(invite, this.session.agent()?.email ?? null);
  });
  /** Back to this page after logging in, token and all. */
  protected readonly returnUrl = computed(
    () => `/invite?token=${encodeURIComponent(this.token() ?? '')}`,
  );
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    password: ['', [Validators.required, Validators.minLength(10), Validators.maxLength(128)]],
  });

  constructor() {
    effect(() => {
      const token = this.token();
      untracked(() => void this.inspect(token));
    });
  }

  protected async inspect(token = this.token()): Promise<void> {
    this.override.set(null);
    this.error.set('');
    if (!token) {
      this.stage.set({ kind: 'invalid' });
      return;
    }
    this.stage.set({ kind: 'checking' });
    try {
      this.stage.set({ kind: 'ready', invite: await this.api.inspect(token) });
    } catch (error) {
      const apiError = ApiError.from(error);
      this.stage.set(
        apiError.status === 404
          ? { kind: 'invalid' }
          : { kind: 'failed', message: apiError.message },
      );
    }
  }

  protected async create(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { name, password } = this.form.getRawValue();
    await this.accept({ name: name.trim(), password });
  }

  protected join(): Promise<void> {
    return this.accept({});
  }

  protected async logout(): Promise<void> {
    await this.session.logout();
    await this.router.navigate(['/login'], { queryParams: { returnUrl: this.returnUrl() } });
  }

  private async accept(body: { name?: string; password?: string }): Promise<void> {
    const token = this.token();
    if (!token) return;
    this.busy.set(true);
    this.error.set('');
    try {
      const result = await this.api.accept({ token, ...body }, this.session.authenticated());
      if (result.created) this.session.adopt(result);
      else await this.websites.reload();
      await this.router.navigate(['/w', result.website.id, 'inbox']);
    } catch (error) {
      const apiError = ApiError.from(error);
      switch (apiError.code) {
        case 'LOGIN_REQUIRED':
          this.override.set('login');
          break;
        case 'WRONG_ACCOUNT':
          this.override.set('wrong-account');
          break;
        case 'NOT_FOUND':
          this.stage.set({ kind: 'invalid' });
          break;
        default:
          this.error.set(applyServerErrors(this.form, apiError));
      }
    } finally {
      this.busy.set(false);
    }
  }
}

/** The inspection and the signed-in email decide what to offer; the server has the last word. */
export function inviteAction(invite: InviteInspection, signedInAs: string | null): InviteAction {
  if (invite.account === 'new') return 'create';
  if (signedInAs === null) return 'login';
  return signedInAs.toLowerCase() === invite.email.toLowerCase() ? 'join' : 'wrong-account';
}
