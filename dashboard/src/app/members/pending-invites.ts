import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Invite } from '../core/api/api.models';
import { ROLE_LABELS } from '../core/team/roles';
import { InvitesStore } from './invites-store';
import { teamErrorText } from './team-errors';

/** Invites not accepted yet, each with Resend and Revoke and its own outcome beside it. */
@Component({
  selector: 'zd-pending-invites',
  imports: [DatePipe],
  template: `
    <h2>Pending invites</h2>
    @if (invites.error(); as error) {
      <p class="form-error" role="alert">
        {{ error }}
        <button type="button" class="secondary" (click)="invites.reload()">Try again</button>
      </p>
    }
    @if (invites.items().length) {
      <ul aria-label="Pending invites">
        @for (invite of invites.items(); track invite.id) {
          <li>
            <div class="who">
              <span class="email">{{ invite.email }}</span>
              <span class="muted">
                {{ labels[invite.role] }}
                @if (invite.invitedBy; as by) {
                  · invited by {{ by.name }}
                }
                · expires
                <time [attr.datetime]="invite.expiresAt">{{
                  invite.expiresAt | date: 'mediumDate'
                }}</time>
              </span>
            </div>
            <div class="actions">
              <button
                type="button"
                class="secondary"
                [disabled]="busyId() === invite.id"
                (click)="resend(invite)"
              >
                Resend<span class="visually-hidden"> invite to {{ invite.email }}</span>
              </button>
              <button
                type="button"
                class="secondary"
                [disabled]="busyId() === invite.id"
                (click)="revoke(invite)"
              >
                Revoke<span class="visually-hidden"> invite to {{ invite.email }}</span>
              </button>
            </div>
            <p class="outcome" [class.failed]="outcomes().get(invite.id)?.failed" role="status">
              {{ outcomes().get(invite.id)?.text }}
            </p>
          </li>
        }
      </ul>
    } @else if (invites.loaded()) {
      <p class="muted">No pending invites.</p>
    }
    <p class="muted" role="status">{{ revoked() }}</p>
  `,
  styles: `
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.25rem 1rem;
      padding: 0.6rem 0;
      border-bottom: 1px solid var(--zd-border);
    }
    .who {
      flex: 1 1 16rem;
      display: grid;
      min-width: 0;
    }
    .email {
      overflow-wrap: anywhere;
    }
    .muted {
      font-size: 0.85rem;
    }
    .actions {
      display: flex;
      gap: 0.5rem;
    }
    .outcome {
      flex-basis: 100%;
      margin: 0;
      font-size: 0.85rem;
      color: var(--zd-muted);
    }
    .outcome.failed {
      color: var(--zd-danger);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PendingInvites {
  protected readonly invites = inject(InvitesStore);
  protected readonly labels = ROLE_LABELS;
  protected readonly busyId = signal<string | null>(null);
  protected readonly outcomes = signal<ReadonlyMap<string, { text: string; failed: boolean }>>(
    new Map(),
  );
  /** Said below the list, since a revoked invite leaves no row to speak from. */
  protected readonly revoked = signal('');

  protected async resend(invite: Invite): Promise<void> {
    await this.run(invite, async () => {
      const sent = await this.invites.resend(invite.id);
      return sent.mailed
        ? `Sent again to ${sent.email}.`
        : 'Renewed, but the email could not be sent. Try again later.';
    });
  }

  protected async revoke(invite: Invite): Promise<void> {
    await this.run(invite, async () => {
      await this.invites.revoke(invite.id);
      this.revoked.set(`The invite to ${invite.email} was revoked.`);
      return '';
    });
  }

  private async run(invite: Invite, action: () => Promise<string>): Promise<void> {
    this.busyId.set(invite.id);
    this.revoked.set('');
    this.setOutcome(invite.id, '', false);
    try {
      this.setOutcome(invite.id, await action(), false);
    } catch (error) {
      this.setOutcome(invite.id, teamErrorText(error), true);
    } finally {
      this.busyId.set(null);
    }
  }

  private setOutcome(id: string, text: string, failed: boolean): void {
    this.outcomes.update((map) => new Map(map).set(id, { text, failed }));
  }
}
