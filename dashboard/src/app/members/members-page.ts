import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  ElementRef,
  inject,
  Injector,
  input,
  signal,
  untracked,
} from '@angular/core';
import { Router } from '@angular/router';
import { Member, Role } from '../core/api/api.models';
import { Session } from '../core/auth/session';
import { MembersStore } from '../core/team/members-store';
import { PresenceDot } from '../core/team/presence-dot';
import { PresenceStore } from '../core/team/presence-store';
import { canManage, canRemove, grantableRoles, ROLE_LABELS, roleOptions } from '../core/team/roles';
import { TeamApi } from '../core/team/team-api';
import { WebsitesStore } from '../core/websites/websites-store';
import { InviteForm } from './invite-form';
import { InvitesStore } from './invites-store';
import { PendingInvites } from './pending-invites';
import { teamErrorText } from './team-errors';
import { ConfirmPrompt } from '../core/a11y/confirm-prompt';

const ROLE_ORDER: Record<Role, number> = { owner: 0, admin: 1, agent: 2 };

@Component({
  selector: 'zd-members-page',
  imports: [PresenceDot, InviteForm, PendingInvites, ConfirmPrompt],
  templateUrl: './members-page.html',
  styleUrl: './members-page.scss',
  providers: [InvitesStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MembersPage {
  private readonly api = inject(TeamApi);
  private readonly router = inject(Router);
  private readonly websites = inject(WebsitesStore);
  private readonly invites = inject(InvitesStore);
  private readonly session = inject(Session);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  protected readonly members = inject(MembersStore);
  protected readonly presence = inject(PresenceStore);
  readonly websiteId = input.required<string>();

  protected readonly labels = ROLE_LABELS;
  protected readonly website = computed(
    () => this.websites.websites().find((w) => w.id === this.websiteId()) ?? null,
  );
  protected readonly role = computed(() => this.website()?.role ?? null);
  protected readonly manager = computed(() => canManage(this.role()));
  protected readonly inviteRoles = computed(() => grantableRoles(this.role()));
  protected readonly me = computed(() => this.session.agent()?.id ?? null);
  protected readonly rows = computed(() =>
    [...this.members.members()].sort(
      (a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.agent.name.localeCompare(b.agent.name),
    ),
  );
  /** The member whose removal (or, for oneself, leaving) is waiting for a second click. */
  protected readonly confirming = signal<string | null>(null);
  protected readonly busyId = signal<string | null>(null);
  protected readonly errors = signal<ReadonlyMap<string, string>>(new Map());
  protected readonly notice = signal('');

  constructor() {
    effect(() => {
      const id = this.websiteId();
      const manager = this.manager();
      untracked(() => {
        this.confirming.set(null);
        this.errors.set(new Map());
        // The shell loads the members for names; this page shows them as they are now.
        if (this.members.websiteId() === id) void this.members.reload();
        else void this.members.show(id);
        if (manager) void this.invites.load(id);
      });
    });
  }

  protected roleOptions(member: Member): Role[] {
    return roleOptions(this.role(), member.role);
  }

  protected canRemove(member: Member): boolean {
    return member.agent.id !== this.me() && canRemove(this.role(), member.role);
  }

  protected async changeRole(member: Member, select: HTMLSelectElement): Promise<void> {
    const role = select.value as Role;
    if (role === member.role) return;
    await this.run(member, async () => {
      try {
        const updated = await this.api.setRole(this.websiteId(), member.agent.id, role);
        this.members.put({ ...member, ...updated, agent: member.agent });
        if (member.agent.id === this.me()) this.websites.setRole(this.websiteId(), updated.role);
        this.notice.set(`${member.agent.name} is now ${ROLE_LABELS[updated.role].toLowerCase()}.`);
      } catch (error) {
        select.value = member.role;
        throw error;
      }
    });
  }

  protected ask(member: Member): void {
    this.clearError(member.agent.id);
    this.confirming.set(member.agent.id);
  }

  protected cancel(member: Member): void {
    this.confirming.set(null);
    this.focusSoon(`[data-ask="${member.agent.id}"]`);
  }

  protected async confirm(member: Member): Promise<void> {
    const leaving = member.agent.id === this.me();
    await this.run(member, async () => {
      if (leaving) {
        await this.api.leave(this.websiteId());
        this.websites.forget(this.websiteId());
        await this.router.navigateByUrl('/');
        return;
      }
      await this.api.remove(this.websiteId(), member.agent.id);
      this.members.drop(member.agent.id);
      this.notice.set(`${member.agent.name} was removed.`);
    });
    this.confirming.set(null);
  }

  private async run(member: Member, action: () => Promise<void>): Promise<void> {
    this.busyId.set(member.agent.id);
    this.notice.set('');
    this.clearError(member.agent.id);
    try {
      await action();
    } catch (error) {
      this.errors.update((map) => new Map(map).set(member.agent.id, teamErrorText(error)));
    } finally {
      this.busyId.set(null);
    }
  }

  private clearError(agentId: string): void {
    if (!this.errors().has(agentId)) return;
    this.errors.update((map) => {
      const next = new Map(map);
      next.delete(agentId);
      return next;
    });
  }

  private focusSoon(selector: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus(), {
      injector: this.injector,
    });
  }
}
