import { DOCUMENT } from '@angular/common';
import { computed, inject, Injectable, signal } from '@angular/core';
import { ApiError } from '../core/api/api-error';
import {
  Conversation,
  ConversationStatus,
  InboxConversation,
  Message,
} from '../core/api/api.models';
import { ConversationFilter, ConversationsApi } from '../core/api/conversations-api';
import { Session } from '../core/auth/session';
import { Realtime } from '../core/realtime/realtime';
import { byActivity, mergeConversations, withMessage } from './inbox-order';

const PAGE_SIZE = 30;

/**
 * The inbox's views by assignee; the values are the list endpoint's `assignee` parameter, and any
 * other value is a member's agent id.
 */
export type AssigneeView = 'all' | 'me' | 'none' | (string & {});
/** The inbox's views by status; `all` asks for any status. */
export type StatusView = ConversationStatus | 'all';

/** The conversation list of one website and status, kept current by socket events. */
@Injectable({ providedIn: 'root' })
export class InboxStore {
  private readonly api = inject(ConversationsApi);
  private readonly document = inject(DOCUMENT);
  private readonly session = inject(Session);
  private readonly website = signal<string | null>(null);
  private readonly filter = signal<StatusView>('open');
  private readonly view = signal<AssigneeView>('all');
  private readonly tagFilter = signal<readonly string[]>([]);
  /** Last-activity dates asked of the server (`YYYY-MM-DD`, empty: no bound). */
  private readonly dates = signal<{ from: string; to: string }>({ from: '', to: '' });
  private readonly list = signal<InboxConversation[]>([]);
  private readonly cursor = signal<string | null>(null);
  private readonly busy = signal(false);
  private readonly failure = signal<string | null>(null);
  private readonly fetching = new Set<string>();
  /** Conversations known not to belong in this view, so their messages cost no request. */
  private readonly elsewhere = new Set<string>();
  private generation = 0;

  readonly websiteId = this.website.asReadonly();
  readonly status = this.filter.asReadonly();
  readonly assignee = this.view.asReadonly();
  readonly tags = this.tagFilter.asReadonly();
  readonly conversations = this.list.asReadonly();
  readonly hasMore = computed(() => this.cursor() !== null);
  readonly loading = this.busy.asReadonly();
  readonly error = this.failure.asReadonly();
  /** The conversation on screen: its new messages are read as they arrive. */
  readonly activeId = signal<string | null>(null);
  /** Something the inbox should say once, e.g. that the open conversation was deleted. */
  readonly notice = signal('');

  constructor() {
    const realtime = inject(Realtime);
    realtime.messageNew.subscribe((message) => this.onMessage(message));
    realtime.conversationOpen.subscribe((conversation) => this.onChange(conversation));
    realtime.conversationClose.subscribe((conversation) => this.onChange(conversation));
    realtime.conversationAssigned.subscribe((conversation) => this.onChange(conversation));
    realtime.conversationUpdated.subscribe((conversation) => this.onChange(conversation));
    realtime.messageDeleted.subscribe(({ conversationId, messageId }) =>
      this.list.update((list) =>
        list.map((c) =>
          c.id === conversationId && c.lastMessage?.id === messageId
            ? {
                ...c,
                lastMessage: { ...c.lastMessage, body: '', deletedAt: new Date().toISOString() },
              }
            : c,
        ),
      ),
    );
    realtime.conversationDeleted.subscribe(({ conversationId }) => {
      // An agent deleting it here has said so already; the broadcast may beat the REST answer.
      if (this.activeId() === conversationId && !this.notice()) {
        this.notice.set('This conversation was deleted.');
      }
      this.remove(conversationId);
    });
    realtime.connected.subscribe(() => {
      if (this.website()) void this.reload();
    });
    this.session.ended.subscribe(() => this.reset(null));
  }

  /** Shows a website's conversations in a view; does nothing if they are already on screen. */
  show(websiteId: string, view: AssigneeView = this.view()): Promise<void> {
    if (websiteId !== this.website()) {
      this.reset(websiteId);
      this.view.set(view);
      return this.reload();
    }
    return this.setAssignee(view);
  }

  /** Shows a website's conversations under the filters in the URL, with one fetch for any change. */
  showFiltered(
    websiteId: string,
    filters: {
      status: StatusView;
      assignee: AssigneeView;
      tags: readonly string[];
      from?: string;
      to?: string;
    },
  ): Promise<void> {
    const tags = [...new Set(filters.tags)].sort();
    const dates = { from: filters.from ?? '', to: filters.to ?? '' };
    const unchanged =
      filters.status === this.filter() &&
      filters.assignee === this.view() &&
      tags.join('\n') === this.tagFilter().join('\n') &&
      dates.from === this.dates().from &&
      dates.to === this.dates().to;
    const sameWebsite = websiteId === this.website();
    if (sameWebsite && unchanged) return Promise.resolve();
    if (!sameWebsite) this.reset(websiteId);
    this.filter.set(filters.status);
    this.view.set(filters.assignee);
    this.tagFilter.set(tags);
    this.dates.set(dates);
    if (sameWebsite) return this.restart();
    return this.reload();
  }

  /** Shows the conversations carrying every one of these tags (none: any). */
  setTags(tags: readonly string[]): Promise<void> {
    const next = [...new Set(tags)].sort();
    if (next.join('\n') === this.tagFilter().join('\n')) return Promise.resolve();
    this.tagFilter.set(next);
    return this.restart();
  }

  setStatus(status: StatusView): Promise<void> {
    if (status === this.filter()) return Promise.resolve();
    this.filter.set(status);
    return this.restart();
  }

  setAssignee(view: AssigneeView): Promise<void> {
    if (view === this.view()) return Promise.resolve();
    this.view.set(view);
    return this.restart();
  }

  /** Fetches the first page again, e.g. after a reconnect, keeping newer copies from events. */
  async reload(): Promise<void> {
    const websiteId = this.website();
    if (!websiteId) return;
    const generation = ++this.generation;
    this.busy.set(true);
    this.failure.set(null);
    try {
      const page = await this.api.list(websiteId, this.query(), null, PAGE_SIZE);
      if (generation !== this.generation) return;
      const kept = this.list().filter((c) => page.items.some((item) => item.id === c.id));
      this.list.set(mergeConversations(kept, page.items));
      this.cursor.set(page.nextCursor);
    } catch (error) {
      if (generation === this.generation) this.failure.set(ApiError.from(error).message);
    } finally {
      if (generation === this.generation) this.busy.set(false);
    }
  }

  async loadMore(): Promise<void> {
    const websiteId = this.website();
    const cursor = this.cursor();
    if (!websiteId || !cursor || this.busy()) return;
    const generation = this.generation;
    this.busy.set(true);
    try {
      const page = await this.api.list(websiteId, this.query(), cursor, PAGE_SIZE);
      if (generation !== this.generation) return;
      this.list.update((list) => mergeConversations(list, page.items));
      this.cursor.set(page.nextCursor);
    } catch (error) {
      if (generation === this.generation) this.failure.set(ApiError.from(error).message);
    } finally {
      if (generation === this.generation) this.busy.set(false);
    }
  }

  markRead(conversationId: string): void {
    this.list.update((list) =>
      list.map((c) => (c.id === conversationId && c.unreadCount ? { ...c, unreadCount: 0 } : c)),
    );
  }

  /** Drops a deleted conversation; its later events are ignored too. */
  remove(conversationId: string): void {
    this.elsewhere.add(conversationId);
    this.list.update((list) => list.filter((c) => c.id !== conversationId));
  }

  /** Takes a newer copy of a conversation from elsewhere in the console (close, reopen). */
  apply(conversation: Conversation | InboxConversation): void {
    this.onChange(conversation);
  }

  private onMessage(message: Message): void {
    const known = this.list().find((c) => c.id === message.conversationId);
    if (!known) {
      if (this.elsewhere.has(message.conversationId)) return;
      // Not loaded yet (new, further down, or of another website): the server knows where it goes.
      void this.fetchConversation(message.conversationId);
      return;
    }
    const unread = message.sender.type === 'visitor' && !this.isBeingRead(message.conversationId);
    const updated = withMessage(known, message, unread);
    if (updated === known) return;
    this.list.update((list) =>
      list.map((c) => (c.id === updated.id ? updated : c)).sort(byActivity),
    );
  }

  private onChange(conversation: Conversation | InboxConversation): void {
    if (conversation.websiteId !== this.website()) return;
    this.elsewhere.delete(conversation.id);
    if (!this.belongs(conversation)) {
      this.elsewhere.add(conversation.id);
      this.list.update((list) => list.filter((c) => c.id !== conversation.id));
      return;
    }
    const known = this.list().find((c) => c.id === conversation.id);
    if (known) {
      const merged = {
        ...known,
        ...conversation,
        lastSeq: Math.max(known.lastSeq, conversation.lastSeq),
      };
      this.list.update((list) =>
        mergeConversations(
          list.filter((c) => c.id !== known.id),
          [merged],
        ),
      );
    } else if ('visitor' in conversation) {
      this.list.update((list) => mergeConversations(list, [conversation]));
      // A broadcast carries one unread count for every agent; only a fetch gives this agent's.
      void this.fetchConversation(conversation.id);
    } else {
      void this.fetchConversation(conversation.id);
    }
  }

  private async fetchConversation(id: string): Promise<void> {
    if (this.fetching.has(id) || !this.website()) return;
    this.fetching.add(id);
    const generation = this.generation;
    try {
      const conversation = await this.api.get(id);
      if (generation !== this.generation) return;
      if (this.belongs(conversation)) {
        this.list.update((list) => mergeConversations(list, [conversation]));
      } else {
        // A status or assignee change arrives as an event, which clears this mark.
        this.elsewhere.add(id);
      }
    } catch {
      // Gone or not ours: the next reload shows the server's view anyway.
    } finally {
      this.fetching.delete(id);
    }
  }

  /** Whether a conversation has its place in the view on screen. */
  private belongs(conversation: Conversation): boolean {
    if (conversation.websiteId !== this.website()) return false;
    const status = this.filter();
    if (status !== 'all' && conversation.status !== status) return false;
    const tags = new Set(conversation.tags.map((t) => t.toLowerCase()));
    if (!this.tagFilter().every((t) => tags.has(t.toLowerCase()))) return false;
    switch (this.view()) {
      case 'all':
        return true;
      case 'me':
        return conversation.assigneeId !== null && conversation.assigneeId === this.myId();
      case 'none':
        return conversation.assigneeId === null;
      default:
        return conversation.assigneeId === this.view();
    }
  }

  private query(): ConversationFilter {
    const view = this.view();
    const status = this.filter();
    return {
      status: status === 'all' ? undefined : status,
      assignee: view === 'all' ? undefined : view,
      tags: [...this.tagFilter()],
      from: this.dates().from || undefined,
      to: this.dates().to || undefined,
    };
  }

  private myId(): string | null {
    return this.session.agent()?.id ?? null;
  }

  private restart(): Promise<void> {
    this.elsewhere.clear();
    this.list.set([]);
    this.cursor.set(null);
    return this.reload();
  }

  private isBeingRead(conversationId: string): boolean {
    return this.activeId() === conversationId && this.document.visibilityState === 'visible';
  }

  private reset(websiteId: string | null): void {
    this.generation++;
    this.website.set(websiteId);
    this.elsewhere.clear();
    this.list.set([]);
    this.cursor.set(null);
    this.failure.set(null);
    this.busy.set(false);
  }
}
