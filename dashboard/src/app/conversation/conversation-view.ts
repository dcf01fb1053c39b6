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
import { ApiError } from '../core/api/api-error';
import { Session } from '../core/auth/session';
import { visitorLabel } from '../inbox/visitor-label';
import { Composer } from './composer';
import { ConversationThread } from './conversation-thread';
import { MessageList } from './message-list';
import { MessageStore } from './message-store';
import { VisitorDetails } from './visitor-details';

@Component({
  selector: 'zd-conversation-view',
  imports: [Composer, MessageList, VisitorDetails],
  templateUrl: './conversation-view.html',
  styleUrl: './conversation-view.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationView {
  private readonly store = inject(MessageStore);
  private readonly document = inject(DOCUMENT);
  private readonly session = inject(Session);
  readonly conversationId = input.required<string>();

  protected readonly agentId = computed(() => this.session.agent()?.id ?? null);
  protected readonly thread = computed(() => this.store.thread(this.conversationId()));
  protected readonly conversation = computed(() => this.thread().conversation());
  protected readonly title = computed(() => visitorLabel(this.conversation()?.visitor));
  protected readonly closed = computed(() => this.conversation()?.status === 'closed');
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
      });
      onCleanup(() => {
        if (this.typingIn === id) this.store.sendTyping(this.store.thread(id), false);
        this.typingIn = null;
        this.store.leave(id);
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

  private markReadIfVisible(thread: ConversationThread): void {
    if (thread.loaded() && this.document.visibilityState === 'visible') this.store.markRead(thread);
  }
}
