import { inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { Realtime } from '../realtime/realtime';
import { ROLE_LABELS } from '../team/roles';
import { Session } from '../auth/session';
import { WebsitesStore } from './websites-store';

/**
 * What the server tells this agent about their own memberships: removed from a website, the
 * console lets go of it at once (leaving its pages if it is on screen); a new role applies without
 * a reload. `notice` says what happened, in words.
 */
@Injectable({ providedIn: 'root' })
export class MembershipChanges {
  private readonly websites = inject(WebsitesStore);
  private readonly router = inject(Router);
  private readonly message = signal('');

  readonly notice = this.message.asReadonly();

  constructor() {
    const realtime = inject(Realtime);
    realtime.membershipRemoved.subscribe(({ websiteId }) => void this.removed(websiteId));
    realtime.membershipUpdated.subscribe(({ websiteId, role }) => {
      const website = this.websites.websites().find((w) => w.id === websiteId);
      if (!website || website.role === role) return;
      this.websites.setRole(websiteId, role);
      this.message.set(`Your role on ${website.name} is now ${ROLE_LABELS[role].toLowerCase()}.`);
    });
    inject(Session).ended.subscribe(() => this.message.set(''));
  }

  dismiss(): void {
    this.message.set('');
  }

  private async removed(websiteId: string): Promise<void> {
    const website = this.websites.websites().find((w) => w.id === websiteId);
    // Leaving through the members page has already forgotten it.
    if (!website) return;
    const onScreen = this.websites.selectedId() === websiteId;
    this.websites.forget(websiteId);
    this.message.set(
      `You are no longer a member of ${website.name}. Its conversations are not available to you any more.`,
    );
    if (onScreen) await this.router.navigateByUrl('/');
  }
}
