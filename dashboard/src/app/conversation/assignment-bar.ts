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
import { ApiError } from '../core/api/api-error';
import { Session } from '../core/auth/session';
import { assigneeLabel } from '../core/team/assignee-label';
import { MembersStore } from '../core/team/members-store';
import { PresenceDot } from '../core/team/presence-dot';
import { PresenceStore } from '../core/team/presence-store';
import { assignTargets, canManage } from '../core/team/roles';
import { WebsitesStore } from '../core/websites/websites-store';
import { AssigneeMenu, AssigneeOption } from './assignee-menu';
import { ClaimConflict, ConversationAssignment } from './conversation-assignment';
import { ConversationThread } from './conversation-thread';

/** Who holds the conversation, and the ways to change that which this agent's role allows. */
@Component({
  selector: 'zd-assignment-bar',
  imports: [AssigneeMenu, PresenceDot],
  template: `
    @if (conversation(); as conversation) {
      <div class="bar">
        <span class="assignee">
          {{ assignedText() }}
          @if (conversation.assigneeId; as id) {
            <zd-presence-dot [status]="presence.statusOf(id)" />
          }
        </span>
        @if (!conversation.assigneeId) {
          <button type="button" [disabled]="busy()" (click)="claim()">Claim</button>
        }
        @if (manager()) {
          @if (options().length) {
            <zd-assignee-menu [options]="options()" [disabled]="busy()" (choose)="assign($event)" />
          }
        } @else if (conversation.assigneeId && conversation.assigneeId === me()) {
          <button type="button" class="secondary" [disabled]="busy()" (click)="assign(null)">
            Unassign
          </button>
        }
      </div>
      <p class="error" role="alert">{{ error() }}</p>
    }
  `,
  styles: `
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
    }
    .assignee {
      display: inline-flex;
      align-items: center;
      gap: 0.35rem;
      font-size: 0.9rem;
    }
    .assignee zd-presence-dot {
      order: -1;
    }
    .error {
      margin: 0;
      color: var(--zd-danger);
      font-size: 0.85rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AssignmentBar {
  private readonly assignment = inject(ConversationAssignment);
  private readonly members = inject(MembersStore);
  private readonly session = inject(Session);
  private readonly websites = inject(WebsitesStore);
  protected readonly presence = inject(PresenceStore);
  readonly thread = input.required<ConversationThread>();

  protected readonly conversation = computed(() => this.thread().conversation());
  protected readonly me = computed(() => this.session.agent()?.id ?? null);
  private readonly role = computed(() => {
    const websiteId = this.conversation()?.websiteId;
    return this.websites.websites().find((w) => w.id === websiteId)?.role ?? null;
  });
  protected readonly manager = computed(() => canManage(this.role()));
  protected readonly assignedText = computed(() => {
    const id = this.conversation()?.assigneeId ?? null;
    const label = assigneeLabel(id, this.me(), this.members.names());
    if (id === null) return label;
    return `Assigned to ${id === this.me() ? 'you' : label}`;
  });
  protected readonly options = computed<AssigneeOption[]>(() => {
    const conversation = this.conversation();
    if (!conversation) return [];
    const names = this.members.names();
    return assignTargets(this.role(), this.me(), conversation.assigneeId, this.members.ids()).map(
      (agentId) => ({
        agentId,
        label:
          agentId === null
            ? 'Unassigned'
            : `${names.get(agentId) ?? 'Agent'}${agentId === this.me() ? ' (you)' : ''}`,
        status: agentId === null ? null : this.presence.statusOf(agentId),
      }),
    );
  });
  protected readonly busy = signal(false);
  protected readonly error = signal('');

  constructor() {
    effect(() => {
      this.thread();
      untracked(() => this.error.set(''));
    });
  }

  protected claim(): Promise<void> {
    return this.run(() => this.assignment.claim(this.thread()));
  }

  protected assign(agentId: string | null): Promise<void> {
    return this.run(() => this.assignment.assign(this.thread(), agentId));
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    try {
      await action();
    } catch (error) {
      this.error.set(
        error instanceof ClaimConflict
          ? `${this.members.nameOf(error.assigneeId) ?? 'Another agent'} took it a moment ago.`
          : ApiError.from(error).message,
      );
    } finally {
      this.busy.set(false);
    }
  }
}
