import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { VerifyBanner } from '../../account/verify-banner';
import { PresenceChoice } from '../api/api.models';
import { Attention } from '../attention/attention';
import { Session } from '../auth/session';
import { Realtime } from '../realtime/realtime';
import { MembersStore } from '../team/members-store';
import { PresenceDot } from '../team/presence-dot';
import { canManage } from '../team/roles';
import { PresenceStore } from '../team/presence-store';
import { MembershipChanges } from '../websites/membership-changes';
import { WebsitesStore } from '../websites/websites-store';

/** A blip shorter than this (a token refresh, a network hiccup) is not worth a banner. */
const BANNER_DELAY_MS = 2_000;

@Component({
  selector: 'zd-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, PresenceDot, VerifyBanner],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Shell {
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly realtime = inject(Realtime);
  protected readonly websites = inject(WebsitesStore);
  protected readonly presence = inject(PresenceStore);
  private readonly members = inject(MembersStore);
  protected readonly membership = inject(MembershipChanges);
  protected readonly presenceChoices: { value: PresenceChoice; label: string }[] = [
    { value: 'online', label: 'Online' },
    { value: 'away', label: 'Away' },
  ];
  protected readonly agent = this.session.agent;
  protected readonly selectedId = this.websites.selectedId;
  /** Security and the audit log are for owners and admins only. */
  protected readonly manages = computed(() => canManage(this.websites.selected()?.role));
  protected readonly showBanner = signal(false);
  /** On a phone the navigation folds behind the menu button; going somewhere folds it again. */
  protected readonly menuOpen = signal(false);
  protected readonly bannerText = computed(() =>
    this.realtime.status() === 'connecting'
      ? 'Connecting to live updates…'
      : 'Connection lost. Reconnecting… Messages will catch up when it is back.',
  );

  constructor() {
    inject(Attention);
    this.realtime.connect();
    inject(DestroyRef).onDestroy(() => this.realtime.disconnect());
    void this.presence.loadMine();
    const navigated = this.router.events.subscribe((event) => {
      if (event instanceof NavigationEnd) this.menuOpen.set(false);
    });
    inject(DestroyRef).onDestroy(() => navigated.unsubscribe());

    // The people of the website on screen: names and dots for the inbox, threads and members.
    effect(() => {
      const id = this.selectedId();
      if (!id) return;
      untracked(() => {
        void this.members.show(id);
        void this.presence.load(id);
        // The list may lack the team settings (reply policy) that the thread needs.
        this.websites.refresh(id).catch(() => undefined);
      });
    });

    effect((onCleanup) => {
      const status = this.realtime.status();
      if (status === 'online' || status === 'idle') {
        this.showBanner.set(false);
        return;
      }
      const timer = setTimeout(() => this.showBanner.set(true), BANNER_DELAY_MS);
      onCleanup(() => clearTimeout(timer));
    });
  }

  protected selectWebsite(id: string): void {
    if (id) void this.router.navigate(['/w', id, 'inbox']);
  }

  protected logout(): void {
    void this.session.logout();
  }
}
