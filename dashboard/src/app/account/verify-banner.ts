import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { Session } from '../core/auth/session';
import { ResendVerification } from './resend-verification';

const DISMISSED_KEY = 'zendo.verifyBannerDismissed';

/** Asks an agent who has not confirmed their email to do so; dismissed for the rest of the tab's life. */
@Component({
  selector: 'zd-verify-banner',
  imports: [ResendVerification],
  template: `
    @if (shown()) {
      <div class="verify" role="region" aria-label="Email not confirmed">
        <p>Please confirm your email address {{ email() }}: open the link we mailed you.</p>
        <zd-resend-verification />
        <button type="button" class="secondary dismiss" (click)="dismiss()">Dismiss</button>
      </div>
    }
  `,
  styles: `
    .verify {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
      padding: 0.5rem 1rem;
      background: var(--zd-warning-bg);
      color: var(--zd-warning-fg);
    }
    p {
      margin: 0;
      flex: 1 1 18rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class VerifyBanner {
  private readonly session = inject(Session);
  private readonly dismissed = signal(readDismissed());
  protected readonly email = computed(() => this.session.agent()?.email ?? '');
  protected readonly shown = computed(
    () => this.session.agent()?.emailVerified === false && !this.dismissed(),
  );

  protected dismiss(): void {
    this.dismissed.set(true);
    try {
      sessionStorage.setItem(DISMISSED_KEY, '1');
    } catch {
      // Without storage the banner comes back on reload, which is acceptable.
    }
  }
}

function readDismissed(): boolean {
  try {
    return sessionStorage.getItem(DISMISSED_KEY) === '1';
  } catch {
    return false;
  }
}
