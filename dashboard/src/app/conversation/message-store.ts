import { inject, Injectable } from '@angular/core';
import { ApiError } from '../core/api/api-error';
import { Conversation, Message } from '../core/api/api.models';
import { ConversationsApi } from '../core/api/conversations-api';
import { Session } from '../core/auth/session';
import { Realtime } from '../core/realtime/realtime';
import { RealtimeUnavailable } from '../core/realtime/realtime-events';
import { InboxStore } from '../inbox/inbox-store';
import { ConversationThread, OutgoingMessage } from './conversation-thread';
import { DraftStore } from './draft-store';

const PAGE_SIZE = 50;
const CATCH_UP_PAGE = 200;
const TYPING_TIMEOUT_MS = 6_000;
const MAX_THREADS = 40;

/**
 * Every conversation opened this session, kept in memory so switching back is instant and keeps
 * its scroll position; socket events keep them current.
 */
@Injectable({ providedIn: 'root' })
export class MessageStore {
  private readonly api = inject(ConversationsApi);
  private readonly realtime = inject(Realtime);
  private readonly inbox = inject(InboxStore);
  private readonly drafts = inject(DraftStore);
  private readonly threads = new Map<string, ConversationThread>();
  private readonly catchingUp = new Map<string, Promise<void>>();
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly revealing = new Set<string>();

  constructor() {
    this.realtime.messageNew.subscribe((message) => this.onMessage(message));
    const patch = (c: Conversation) => this.threads.get(c.id)?.patchConversation(c);
    this.realtime.conversationOpen.subscribe(patch);
    this.realtime.conversationClose.subscribe(patch);
    this.realtime.conversationAssigned.subscribe(patch);
    this.realtime.conversationUpdated.subscribe(patch);
    this.realtime.typing.subscribe(({ conversationId, typing, sender }) => {
      if (sender.type === 'visitor') this.setVisitorTyping(conversationId, typing);
    });
    this.realtime.messageDeleted.subscribe(({ conversationId, messageId }) =>
      this.threads.get(conversationId)?.markDeleted(messageId),
    );
    this.realtime.conversationDeleted.subscribe(({ conversationId }) =>
      this.threads.get(conversationId)?.deleted.set(true),
    );
    this.realtime.connected.subscribe(() => this.resync());
    this.realtime.conversationRead.subscribe((e) =>
      this.threads.get(e.conversationId)?.noteRead(e),
    );
    // Nothing of one agent's work may show up for the next one signing in on this tab.
    inject(Session).ended.subscribe(() => {
      this.threads.clear();
      this.drafts.clear();
    });
  }

  thread(id: string): ConversationThread {
    let thread = this.threads.get(id);
    if (!thread) {
      thread = new ConversationThread(id);
      this.threads.set(id, thread);
      this.evictLeastRecent();
    }
    return thread;
  }

  /** Shows a conversation: the first time loads its latest page, later only what was missed. */
  async open(id: string): Promise<ConversationThread> {
    const thread = this.thread(id);
    // Re-inserting keeps the map ordered from least to most recently opened.
    this.threads.delete(id);
    this.threads.set(id, thread);
    this.inbox.activeId.set(id);
    if (!thread.loaded()) await this.loadLatest(thread);
    else if (thread.stale) await this.catchUp(thread);
    return thread;
  }

  leave(id: string): void {
    if (this.inbox.activeId() === id) this.inbox.activeId.set(null);
  }

  async loadOlder(thread: ConversationThread): Promise<void> {
    const beforeSeq = thread.firstSeq();
    if (!thread.hasOlder() || thread.loadingOlder() || beforeSeq === null) return;
    thread.loadingOlder.set(true);
    try {
      const page = await this.api.messages(thread.id, { beforeSeq }, PAGE_SIZE);
      thread.merge(page.messages);
      thread.hasOlder.set(page.hasMore);
    } catch (error) {
      thread.error.set(ApiError.from(error).message);
    } finally {
      thread.loadingOlder.set(false);
    }
  }

  /**
   * Loads older history until the message to reveal is held, so the list can scroll to it; a seq
   * the history no longer has (deleted, purged) stops at the start of the conversation.
   */
  async reveal(thread: ConversationThread): Promise<void> {
    if (this.revealing.has(thread.id)) return;
    this.revealing.add(thread.id);
    try {
      let first = thread.firstSeq();
      while (first !== null && (thread.revealSeq() ?? first) < first && thread.hasOlder()) {
        const page = await this.api.messages(thread.id, { beforeSeq: first }, CATCH_UP_PAGE);
        thread.merge(page.messages);
        thread.hasOlder.set(page.hasMore);
        if (thread.firstSeq() === first) break;
        first = thread.firstSeq();
      }
    } catch (error) {
      thread.error.set(ApiError.from(error).message);
    } finally {
      this.revealing.delete(thread.id);
    }
  }

  send(thread: ConversationThread, body: string): void {
    const text = body.trim();
    if (!text) return;
    void this.deliver(thread, thread.addOutgoing(text));
  }

  /** Sends a failed message again under the same clientMessageId, so it can never be stored twice. */
  retry(thread: ConversationThread, clientMessageId: string): void {
    const outgoing = thread.findOutgoing(clientMessageId);
    if (!outgoing || outgoing.state !== 'failed') return;
    thread.markPending(clientMessageId);
    void this.deliver(thread, outgoing);
  }

  /** Tells the server the agent has seen everything shown, once per new message. */
  markRead(thread: ConversationThread): void {
    const seq = thread.lastSeq();
    const unread = this.inbox.conversations().find((c) => c.id === thread.id)?.unreadCount ?? 0;
    if (seq <= thread.readSeq && !unread) return;
    thread.readSeq = seq;
    this.inbox.markRead(thread.id);
    if (seq > 0) this.api.markRead(thread.id, seq).catch(() => undefined);
  }

  async close(thread: ConversationThread): Promise<void> {
    let conversation: Conversation;
    try {
      const ack = await this.realtime.request('conversation:close', { conversationId: thread.id });
      if (!ack.ok) throw new ApiError(409, ack.error.code, ack.error.message);
      conversation = ack.conversation;
    } catch (error) {
      if (!(error instanceof RealtimeUnavailable)) throw error;
      conversation = await this.api.close(thread.id);
    }
    this.applyConversation(thread, conversation);
  }

  async reopen(thread: ConversationThread): Promise<void> {
    this.applyConversation(thread, await this.api.reopen(thread.id));
  }

  async deleteMessage(thread: ConversationThread, messageId: string): Promise<void> {
    await this.api.deleteMessage(messageId);
    thread.markDeleted(messageId);
  }

  async deleteConversation(thread: ConversationThread): Promise<void> {
    await this.api.deleteConversation(thread.id);
    thread.deleted.set(true);
    this.inbox.remove(thread.id);
  }

  /** Loads a conversation afresh, e.g. after its visitor was erased and the bodies went. */
  async reload(id: string): Promise<void> {
    const thread = this.thread(id);
    thread.forget();
    await this.loadLatest(thread);
  }

  sendTyping(thread: ConversationThread, typing: boolean): void {
    this.realtime.sendTyping(thread.id, typing);
  }

  private async deliver(thread: ConversationThread, outgoing: OutgoingMessage): Promise<void> {
    const { clientMessageId, body } = outgoing;
    try {
      let message: Message;
      try {
        const ack = await this.realtime.request('message:new', {
          conversationId: thread.id,
          body,
          clientMessageId,
        });
        if (!ack.ok) {
          this.refuse(thread, clientMessageId, ack.error);
          return;
        }
        message = ack.message;
      } catch (error) {
        // No socket or no answer: REST with the same id either stores it or returns the stored one.
        if (!(error instanceof RealtimeUnavailable)) throw error;
        message = await this.api.send(thread.id, body, clientMessageId);
      }
      thread.merge([message]);
    } catch (error) {
      this.refuse(thread, clientMessageId, ApiError.from(error));
    }
  }

  private refuse(
    thread: ConversationThread,
    clientMessageId: string,
    error: { code: string; message: string },
  ): void {
    if (error.code !== 'NOT_ASSIGNEE') {
      thread.markFailed(clientMessageId, error.message);
      return;
    }
    thread.markFailed(clientMessageId, 'Only the agent assigned to this conversation can reply.');
    // This copy thought the agent could reply: someone took the conversation meanwhile.
    this.api.get(thread.id).then(
      (conversation) => this.applyConversation(thread, conversation),
      () => undefined,
    );
  }

  private async loadLatest(thread: ConversationThread): Promise<void> {
    thread.error.set(null);
    try {
      const [conversation, page] = await Promise.all([
        this.api.get(thread.id),
        this.api.messages(thread.id, {}, PAGE_SIZE),
      ]);
      thread.conversation.set(conversation);
      thread.merge(page.messages);
      thread.hasOlder.set(page.hasMore);
      thread.loaded.set(true);
      thread.stale = false;
    } catch (error) {
      thread.error.set(ApiError.from(error).message);
    }
  }

  /** Fetches everything after the last held seq; concurrent calls share one run. */
  private catchUp(thread: ConversationThread): Promise<void> {
    let running = this.catchingUp.get(thread.id);
    if (!running) {
      running = this.fetchMissed(thread).finally(() => this.catchingUp.delete(thread.id));
      this.catchingUp.set(thread.id, running);
    }
    return running;
  }

  private async fetchMissed(thread: ConversationThread): Promise<void> {
    try {
      thread.stale = false;
      const conversation = this.api.get(thread.id);
      let hasMore = true;
      while (hasMore) {
        const page = await this.api.messages(
          thread.id,
          { afterSeq: thread.lastSeq() },
          CATCH_UP_PAGE,
        );
        thread.merge(page.messages);
        hasMore = page.hasMore && page.messages.length > 0;
      }
      thread.conversation.set(await conversation);
    } catch (error) {
      thread.stale = true;
      thread.error.set(ApiError.from(error).message);
    }
  }

  private onMessage(message: Message): void {
    const thread = this.threads.get(message.conversationId);
    if (!thread) return;
    if (message.sender.type === 'visitor') this.setVisitorTyping(thread.id, false);
    // A seq beyond the next one means events were lost: fetch from the hole, this one included.
    if (thread.loaded() && message.seq > thread.lastSeq() + 1) void this.catchUp(thread);
    else thread.merge([message]);
  }

  private resync(): void {
    for (const thread of this.threads.values()) {
      if (!thread.loaded()) continue;
      if (thread.id === this.inbox.activeId()) void this.catchUp(thread);
      else thread.stale = true;
    }
  }

  /** A console open all day must not keep every conversation it ever showed in memory. */
  private evictLeastRecent(): void {
    for (const id of this.threads.keys()) {
      if (this.threads.size <= MAX_THREADS) return;
      if (id !== this.inbox.activeId()) this.threads.delete(id);
    }
  }

  private applyConversation(thread: ConversationThread, conversation: Conversation): void {
    thread.patchConversation(conversation);
    this.inbox.apply(conversation);
  }

  private setVisitorTyping(conversationId: string, typing: boolean): void {
    const thread = this.threads.get(conversationId);
    if (!thread) return;
    clearTimeout(this.typingTimers.get(conversationId));
    thread.visitorTyping.set(typing);
    // A lost "stopped typing" must not leave the indicator on forever.
    if (typing) {
      const timer = setTimeout(() => thread.visitorTyping.set(false), TYPING_TIMEOUT_MS);
      this.typingTimers.set(conversationId, timer);
    }
  }
}
