import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { ApiError, waitText } from '../core/api/api-error';
import { AccountApi } from './account-api';

/** "Resend verification email" and what came of it, for the banner and the verify page. */
@Component({
  selector: 'zd-resend-verification',
  template: `
    <button type="button" class="secondary" [disabled]="busy()" (click)="resend()">
      Resend verification email
    </button>
    <span class="outcome" [attr.role]="failed() ? 'alert' : 'status'">{{ outcome() }}</span>
  `,
  styles: `
    :host {
      display: inline-flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ResendVerification {
  private readonly api = inject(AccountApi);
  protected readonly busy = signal(false);
  protected readonly outcome = signal('');
  protected readonly failed = signal(false);

  protected async resend(): Promise<void> {
    this.busy.set(true);
    this.outcome.set('');
    this.failed.set(false);
    try {
      await this.api.resendVerification();
      this.outcome.set('A new link is on its way. Check your inbox.');
    } catch (error) {
      this.failed.set(true);
      this.outcome.set(refusalText(error));
    } finally {
      this.busy.set(false);
    }
  }
}

/** A refused request in words; a rate limit says when to try again. */
export function refusalText(error: unknown): string {
  const apiError = ApiError.from(error);
  if (apiError.status === 429) {
    const when = apiError.retryAfter !== null ? waitText(apiError.retryAfter) : 'later';
    return `Too many requests. Try again ${when}.`;
  }
  return apiError.message;
}
