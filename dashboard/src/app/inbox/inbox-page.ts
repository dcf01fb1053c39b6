import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  untracked,
} from '@angular/core';
import { Router, RouterOutlet } from '@angular/router';
import { ConversationStatus } from '../core/api/api.models';
import { Session } from '../core/auth/session';
import { MembersStore } from '../core/team/members-store';
import { PresenceStore } from '../core/team/presence-store';
import { ConversationList } from './conversation-list';
import { AssigneeView, InboxStore } from './inbox-store';

const VIEWS: { value: AssigneeView; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'me', label: 'Mine' },
  { value: 'none', label: 'Unassigned' },
];

@Component({
  selector: 'zd-inbox-page',
  imports: [RouterOutlet, ConversationList],
  templateUrl: './inbox-page.html',
  styleUrl: './inbox-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InboxPage {
  private readonly router = inject(Router);
  protected readonly inbox = inject(InboxStore);
  protected readonly members = inject(MembersStore);
  protected readonly presence = inject(PresenceStore);
  private readonly session = inject(Session);
  protected readonly agentId = computed(() => this.session.agent()?.id ?? null);
  readonly websiteId = input.required<string>();
  /** The view by assignee, kept in the URL (`?assignee=me|none`) so a reload keeps it. */
  readonly assignee = input<string>();
  protected readonly views = VIEWS;
  protected readonly statuses: { value: ConversationStatus; label: string }[] = [
    { value: 'open', label: 'Open' },
    { value: 'closed', label: 'Closed' },
  ];
  protected readonly emptyText = computed(() => {
    const status = this.inbox.status() === 'open' ? 'open' : 'closed';
    switch (this.inbox.assignee()) {
      case 'me':
        return `No ${status} conversations assigned to you.`;
      case 'none':
        return `No ${status} unassigned conversations.`;
      default:
        return `No ${status} conversations.`;
    }
  });

  constructor() {
    effect(() => {
      const id = this.websiteId();
      const view = VIEWS.find((v) => v.value === this.assignee())?.value ?? 'all';
      untracked(() => void this.inbox.show(id, view));
    });
  }

  protected setStatus(status: ConversationStatus): void {
    void this.inbox.setStatus(status);
  }

  protected setView(view: AssigneeView): void {
    // Empty commands keep the path, so the open conversation stays open.
    void this.router.navigate([], {
      queryParams: { assignee: view === 'all' ? null : view },
      queryParamsHandling: 'merge',
    });
  }

  protected openConversation(id: string): void {
    this.inbox.notice.set('');
    void this.router.navigate(['/w', this.websiteId(), 'inbox', id], {
      queryParamsHandling: 'preserve',
    });
  }
}
