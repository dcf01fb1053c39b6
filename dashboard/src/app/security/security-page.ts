import { DatePipe } from '@angular/common';
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
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ConfirmPrompt } from '../core/a11y/confirm-prompt';
import { ApiError } from '../core/api/api-error';
import { Website } from '../core/api/api.models';
import { FieldError } from '../core/forms/field-error';
import { applyServerErrors } from '../core/forms/server-errors';
import { canManage } from '../core/team/roles';
import { WebsitesStore } from '../core/websites/websites-store';
import { IDENTITY_SNIPPET } from './identity-snippet';
import { parseRetention, retentionValidator } from './retention';
import { SecurityApi } from './security-api';

/** Keys, identity verification and retention of one website (owner/admin). */
@Component({
  selector: 'zd-security-page',
  imports: [ReactiveFormsModule, DatePipe, FieldError, ConfirmPrompt],
  templateUrl: './security-page.html',
  styleUrl: './security-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SecurityPage {
  private readonly websites = inject(WebsitesStore);
  private readonly api = inject(SecurityApi);
  readonly websiteId = input.required<string>();

  protected readonly website = computed(
    () => this.websites.websites().find((w) => w.id === this.websiteId()) ?? null,
  );
  protected readonly canEdit = computed(() => canManage(this.website()?.role));
  protected readonly snippet = IDENTITY_SNIPPET;

  protected readonly confirmingKey = signal(false);
  protected readonly keyBusy = signal(false);
  protected readonly keyNotice = signal('');
  protected readonly keyError = signal('');

  protected readonly secretBusy = signal(false);
  protected readonly secretError = signal('');
  /** The new identity secret, held only until the agent leaves the page. */
  protected readonly secret = signal<string | null>(null);
  protected readonly copyNotice = signal('');

  protected readonly saveBusy = signal(false);
  protected readonly saveError = signal('');
  protected readonly saved = signal('');
  protected readonly form = inject(NonNullableFormBuilder).group({
    requireVerifiedIdentity: [false],
    retentionDays: ['', retentionValidator],
  });

  constructor() {
    effect(() => {
      const id = this.websiteId();
      untracked(() => {
        this.secret.set(null);
        this.keyNotice.set('');
        this.saved.set('');
        const website = this.website();
        if (website) this.fill(website);
        // The list may lack the rotated keys and trust fields; the full record has them.
        this.websites.refresh(id).then(
          (full) => this.fill(full),
          () => undefined,
        );
      });
    });
    effect(() => {
      if (this.canEdit()) this.form.enable();
      else this.form.disable();
    });
  }

  protected askRotateKey(): void {
    this.keyError.set('');
    this.confirmingKey.set(true);
  }

  protected async rotateKey(): Promise<void> {
    this.keyBusy.set(true);
    this.keyError.set('');
    this.keyNotice.set('');
    try {
      const { key } = await this.api.rotateKey(this.websiteId());
      await this.websites.refresh(this.websiteId()).catch(() => undefined);
      this.confirmingKey.set(false);
      this.keyNotice.set(
        `The new key is ${key}. Put it in your embed snippet; the old key works until its expiry below.`,
      );
    } catch (error) {
      this.keyError.set(ApiError.from(error).message);
    } finally {
      this.keyBusy.set(false);
    }
  }

  protected async rotateSecret(): Promise<void> {
    this.secretBusy.set(true);
    this.secretError.set('');
    this.copyNotice.set('');
    try {
      const { identitySecret } = await this.api.rotateIdentitySecret(this.websiteId());
      this.secret.set(identitySecret);
      await this.websites.refresh(this.websiteId()).catch(() => undefined);
    } catch (error) {
      this.secretError.set(ApiError.from(error).message);
    } finally {
      this.secretBusy.set(false);
    }
  }

  protected async copySecret(input: HTMLInputElement): Promise<void> {
    const secret = this.secret();
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      this.copyNotice.set('Secret copied.');
    } catch {
      input.select();
      this.copyNotice.set('Copying was not allowed; the secret is selected, copy it by hand.');
    }
  }

  protected async save(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.saveBusy.set(true);
    this.saveError.set('');
    this.saved.set('');
    const { requireVerifiedIdentity, retentionDays } = this.form.getRawValue();
    try {
      const updated = await this.websites.update(this.websiteId(), {
        requireVerifiedIdentity,
        retentionDays: parseRetention(retentionDays) ?? null,
      });
      this.fill(updated, true);
      this.saved.set('Security settings saved.');
    } catch (error) {
      this.saveError.set(applyServerErrors(this.form, error));
    } finally {
      this.saveBusy.set(false);
    }
  }

  /** Leaves what the agent is editing alone unless told to take the server's values. */
  private fill(website: Website, force = false): void {
    if (this.form.dirty && !force) return;
    this.form.reset({
      requireVerifiedIdentity: website.requireVerifiedIdentity ?? false,
      retentionDays: website.retentionDays ? String(website.retentionDays) : '',
    });
  }
}
