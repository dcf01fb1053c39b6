import { computed, signal } from '@angular/core';
import {
  Attachment,
  Conversation,
  InboxConversation,
  Message,
  MessageSender,
  ReadEvent,
} from '../core/api/api.models';

export type DeliveryState = 'pending' | 'sent' | 'failed';

export interface OutgoingMessage {
  clientMessageId: string;
  body: string;
  createdAt: string;
  state: 'pending' | 'failed';
  error: string | null;
}

export interface ThreadItem {
  /** Stable across pending → sent, so the row is not re-created when the server confirms it. */
  key: string;
  seq: number | null;
  body: string;
  sender: MessageSender;
  createdAt: string;
  state: DeliveryState;
  error: string | null;
  clientMessageId: string | null;
  /** The stored message's id; null while it is on its way. */
  messageId: string | null;
  deleted: boolean;
  attachments: Attachment[];
}

const AGENT_SELF: MessageSender = { type: 'agent', id: null };

/**
 * One conversation as the console holds it: confirmed messages unique by id and ordered by seq,
 * followed by this agent's messages still on their way.
 */
export class ConversationThread {
  private readonly confirmed = signal<Message[]>([]);
  private readonly outgoing = signal<OutgoingMessage[]>([]);

  readonly conversation = signal<InboxConversation | null>(null);
  readonly loaded = signal(false);
  readonly hasOlder = signal(false);
  readonly loadingOlder = signal(false);
  readonly error = signal<string | null>(null);
  readonly visitorTyping = signal(false);
  /** The conversation was deleted while held here; nothing more can happen in it. */
  readonly deleted = signal(false);
  /** Missed socket events while it was not on screen; caught up when it is shown again. */
  stale = false;
  /** Where the agent left the history, restored when switching back; null means the bottom. */
  scrollTop: number | null = null;
  readSeq = 0;
  /** A message to bring into view and mark, e.g. the search hit the agent clicked. */
  readonly revealSeq = signal<number | null>(null);

  readonly messages = this.confirmed.asReadonly();
  readonly lastSeq = computed(() => this.confirmed().at(-1)?.seq ?? 0);
  readonly firstSeq = computed(() => this.confirmed()[0]?.seq ?? null);
  readonly items = computed<ThreadItem[]>(() => [
    ...this.confirmed().map((m) => ({
      key: m.clientMessageId ?? m.id,
      seq: m.seq,
      body: m.body,
      sender: m.sender,
      createdAt: m.createdAt,
      state: 'sent' as const,
      error: null,
      clientMessageId: m.clientMessageId,
      messageId: m.id,
      deleted: !!m.deletedAt,
      attachments: m.attachments ?? [],
    })),
    ...this.outgoing().map((o) => ({
      key: o.clientMessageId,
      seq: null,
      body: o.body,
      sender: AGENT_SELF,
      createdAt: o.createdAt,
      state: o.state,
      error: o.error,
      clientMessageId: o.clientMessageId,
      messageId: null,
      deleted: false,
      attachments: [],
    })),
  ]);

  /** How far the visitor has read, as told live by `conversation:read`. */
  readonly visitorReadLive = signal(0);
  /** The last agent message the visitor has read, which carries the "Seen" marker. */
  readonly seenSeq = computed(() => {
    const read = Math.max(this.conversation()?.visitorReadSeq ?? 0, this.visitorReadLive());
    if (!read) return null;
    let seen: number | null = null;
    for (const m of this.confirmed()) {
      if (m.seq > read) break;
      if (m.sender.type === 'agent') seen = m.seq;
    }
    return seen;
  });

  constructor(readonly id: string) {}

  /** Adds messages from any source; ones already held are ignored, echoes confirm our sends. */
  merge(messages: Message[]): void {
    const mine = messages.filter((m) => m.conversationId === this.id);
    if (!mine.length) return;
    const byId = new Map(this.confirmed().map((m) => [m.id, m]));
    const before = byId.size;
    for (const message of mine) if (!byId.has(message.id)) byId.set(message.id, message);
    if (byId.size !== before) {
      this.confirmed.set([...byId.values()].sort((a, b) => a.seq - b.seq));
    }
    const confirmedIds = new Set(mine.map((m) => m.clientMessageId));
    if (this.outgoing().some((o) => confirmedIds.has(o.clientMessageId))) {
      this.outgoing.update((list) => list.filter((o) => !confirmedIds.has(o.clientMessageId)));
    }
  }

  /** Queues a message of this agent; the id is what makes a retry safe to repeat. */
  addOutgoing(body: string): OutgoingMessage {
    const message: OutgoingMessage = {
      clientMessageId: crypto.randomUUID(),
      body,
      createdAt: new Date().toISOString(),
      state: 'pending',
      error: null,
    };
    this.outgoing.update((list) => [...list, message]);
    return message;
  }

  findOutgoing(clientMessageId: string): OutgoingMessage | undefined {
    return this.outgoing().find((o) => o.clientMessageId === clientMessageId);
  }

  markPending(clientMessageId: string): void {
    this.setOutgoing(clientMessageId, { state: 'pending', error: null });
  }

  markFailed(clientMessageId: string, error: string): void {
    this.setOutgoing(clientMessageId, { state: 'failed', error });
  }

  /** A deleted message keeps its place (and seq) with its body gone. */
  markDeleted(messageId: string, deletedAt = new Date().toISOString()): void {
    if (!this.confirmed().some((m) => m.id === messageId && !m.deletedAt)) return;
    this.confirmed.update((list) =>
      list.map((m) => (m.id === messageId ? { ...m, body: '', deletedAt } : m)),
    );
  }

  /** Forgets the history so the next open loads it afresh (bodies changed on the server). */
  forget(): void {
    this.confirmed.set([]);
    this.loaded.set(false);
    this.hasOlder.set(false);
    this.readSeq = 0;
  }

  /** A read receipt: only the visitor's move the "Seen" marker, and only forward. */
  noteRead(event: ReadEvent): void {
    if (event.by.type === 'visitor') this.visitorReadLive.update((seq) => Math.max(seq, event.seq));
  }

  patchConversation(change: Conversation | InboxConversation): void {
    this.conversation.update((current) => (current ? { ...current, ...change } : current));
  }

  private setOutgoing(clientMessageId: string, change: Partial<OutgoingMessage>): void {
    this.outgoing.update((list) =>
      list.map((o) => (o.clientMessageId === clientMessageId ? { ...o, ...change } : o)),
    );
  }
}
