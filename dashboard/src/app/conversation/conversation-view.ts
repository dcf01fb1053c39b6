import { DOCUMENT } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { FillContext } from '../canned/canned-variables';
import { ConfirmPrompt } from '../core/a11y/confirm-prompt';
import { ApiError } from '../core/api/api-error';
import { Conversation } from '../core/api/api.models';
import { Session } from '../core/auth/session';
import { assigneeLabel } from '../core/team/assignee-label';
import { MembersStore } from '../core/team/members-store';
import { canManage } from '../core/team/roles';
import { WebsitesStore } from '../core/websites/websites-store';
import { InboxStore } from '../inbox/inbox-store';
import { visitorLabel } from '../inbox/visitor-label';
import { AssignmentBar } from './assignment-bar';
import { Composer } from './composer';
import { ConversationThread } from './conversation-thread';
import { MessageList } from './message-list';
import { MessageStore } from './message-store';
import { RatingBadge } from './rating-badge';
import { typingText, viewingText, ViewersStore } from './viewers-store';
import { TagControl } from './tag-control';
import { VisitorDetails } from './visitor-details';

@Component({
  selector: 'zd-conversation-view',
  imports: [
    RouterLink,
    AssignmentBar,
    Composer,
    MessageList,
    TagControl,
    VisitorDetails,
    ConfirmPrompt,
    RatingBadge,
  ],
  templateUrl: './conversation-view.html',
  styleUrl: './conversation-view.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationView {
  private readonly store = inject(MessageStore);
  private readonly document = inject(DOCUMENT);
  private readonly session = inject(Session);
  private readonly viewers = inject(ViewersStore);
  private readonly members = inject(MembersStore);
  private readonly websites = inject(WebsitesStore);
  private readonly inbox = inject(InboxStore);
  private readonly router = inject(Router);
  readonly conversationId = input.required<string>();

  protected readonly agentId = computed(() => this.session.agent()?.id ?? null);
  protected readonly thread = computed(() => this.store.thread(this.conversationId()));
  protected readonly conversation = computed(() => this.thread().conversation());
  protected readonly title = computed(() => visitorLabel(this.conversation()?.visitor));
  protected readonly closed = computed(() => this.conversation()?.status === 'closed');
  protected readonly viewingText = computed(() =>
    viewingText(this.viewers.viewersOf(this.conversationId()), this.members.names()),
  );
  protected readonly agentTypingText = computed(() =>
    typingText(this.viewers.typersOf(this.conversationId()), this.members.names()),
  );
  protected readonly website = computed(() => {
    const websiteId = this.conversation()?.websiteId;
    return this.websites.websites().find((w) => w.id === websiteId) ?? null;
  });
  /** What canned responses are filled from when the agent inserts one. */
  protected readonly fillContext = computed<FillContext>(() => ({
    visitor: this.conversation()?.visitor ?? null,
    agent: this.session.agent(),
    website: this.website(),
  }));
  /**
   * Under "assignee only", said before the agent types rather than after the server refuses;
   * the server's refusal is still shown on the message should the two disagree.
   */
  protected readonly replyNote = computed(() => {
    const conversation = this.conversation();
    const website = this.website();
    if (!conversation || website?.replyPolicy !== 'assignee' || this.closed()) return null;
    const assigneeId = conversation.assigneeId;
    if (assigneeId === null) {
      return { blocked: false, text: 'Replying assigns this conversation to you.' };
    }
    if (assigneeId === this.agentId()) return null;
    const name = assigneeLabel(assigneeId, this.agentId(), this.members.names());
    const remedy = canManage(website.role)
      ? ' Assign it to yourself to reply.'
      : ' Ask an owner or admin to reassign it.';
    return {
      blocked: true,
      text: `${name} is assigned to this conversation, and on this website only the assignee can reply.${remedy}`,
    };
  });
  /** Owners and admins delete conversations and anyone's messages, and export or erase visitors. */
  protected readonly manager = computed(() => canManage(this.website()?.role));
  protected readonly confirmingDelete = signal(false);
  protected readonly busy = signal(false);
  protected readonly actionError = signal('');
  /** The conversation the visitor was last told the agent is typing in. */
  private typingIn: string | null = null;

  constructor() {
    effect((onCleanup) => {
      const id = this.conversationId();
      untracked(() => {
        this.actionError.set('');
        void this.store.open(id);
        this.viewers.join(id);
      });
      onCleanup(() => {
        this.confirmingDelete.set(false);
        if (this.typingIn === id) this.store.sendTyping(this.store.thread(id), false);
        this.typingIn = null;
        this.store.leave(id);
        this.viewers.leave(id);
      });
    });

    // A search hit to show: once the latest page is in, older ones are fetched up to it.
    effect(() => {
      const thread = this.thread();
      if (thread.loaded() && thread.revealSeq() !== null) {
        untracked(() => void this.store.reveal(thread));
      }
    });

    // Deleted here or by someone else: nothing is left to look at.
    effect(() => {
      const thread = this.thread();
      if (!thread.deleted()) return;
      untracked(() => {
        if (!this.inbox.notice()) this.inbox.notice.set('This conversation was deleted.');
        const websiteId = thread.conversation()?.websiteId ?? this.websites.selectedId();
        void this.router.navigate(websiteId ? ['/w', websiteId, 'inbox'] : ['/'], {
          queryParamsHandling: 'preserve',
        });
      });
    });

    // Whatever arrives while the agent is looking at it counts as read.
    effect(() => {
      const thread = this.thread();
      const seq = thread.lastSeq();
      if (thread.loaded() && seq > 0) untracked(() => this.markReadIfVisible(thread));
    });
    const onVisible = () => this.markReadIfVisible(this.thread());
    this.document.addEventListener('visibilitychange', onVisible);
    inject(DestroyRef).onDestroy(() =>
      this.document.removeEventListener('visibilitychange', onVisible),
    );
  }

  protected send(body: string): void {
    this.store.send(this.thread(), body);
  }

  protected tagsChanged(conversation: Conversation): void {
    this.thread().patchConversation(conversation);
    this.inbox.apply(conversation);
  }

  protected retry(clientMessageId: string): void {
    this.store.retry(this.thread(), clientMessageId);
  }

  protected loadOlder(): void {
    void this.store.loadOlder(this.thread());
  }

  protected typing(typing: boolean): void {
    const thread = this.thread();
    this.typingIn = typing ? thread.id : null;
    this.store.sendTyping(thread, typing);
  }

  protected async setStatus(action: 'close' | 'reopen'): Promise<void> {
    this.busy.set(true);
    this.actionError.set('');
    try {
      await (action === 'close'
        ? this.store.close(this.thread())
        : this.store.reopen(this.thread()));
    } catch (error) {
      this.actionError.set(ApiError.from(error).message);
    } finally {
      this.busy.set(false);
    }
  }

  protected async deleteConversation(): Promise<void> {
    this.busy.set(true);
    this.actionError.set('');
    try {
      this.inbox.notice.set('Conversation deleted.');
      await this.store.deleteConversation(this.thread());
    } catch (error) {
      this.inbox.notice.set('');
      this.actionError.set(ApiError.from(error).message);
      this.busy.set(false);
    }
  }

  protected async deleteMessage(messageId: string): Promise<void> {
    this.actionError.set('');
    try {
      await this.store.deleteMessage(this.thread(), messageId);
    } catch (error) {
      this.actionError.set(ApiError.from(error).message);
    }
  }

  protected visitorErased(): void {
    void this.store.reload(this.conversationId());
  }

  private markReadIfVisible(thread: ConversationThread): void {
    if (thread.loaded() && this.document.visibilityState === 'visible') this.store.markRead(thread);
  }
}
