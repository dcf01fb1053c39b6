import { Subject } from 'rxjs';
import { Conversation, InboxConversation, Message, ReadEvent } from '../app/core/api/api.models';
import {
  MembershipRemovedEvent,
  MembershipUpdatedEvent,
  ConversationDeletedEvent,
  MessageDeletedEvent,
  PresenceEvent,
  RealtimeUnavailable,
  TypingEvent,
  ViewersEvent,
} from '../app/core/realtime/realtime-events';

type Request = (event: string, payload: unknown) => Promise<unknown>;

/** Stands in for the socket: tests push server events and decide how acknowledgements answer. */
export class FakeRealtime {
  online = false;
  readonly sent: { event: string; payload: unknown }[] = [];
  answer: Request = () => Promise.reject(new RealtimeUnavailable());

  readonly connected = new Subject<void>();
  readonly messageNew = new Subject<Message>();
  readonly conversationOpen = new Subject<InboxConversation>();
  readonly conversationClose = new Subject<Conversation>();
  readonly conversationAssigned = new Subject<Conversation>();
  readonly conversationUpdated = new Subject<Conversation>();
  readonly viewers = new Subject<ViewersEvent>();
  readonly typing = new Subject<TypingEvent>();
  readonly presence = new Subject<PresenceEvent>();
  readonly membershipRemoved = new Subject<MembershipRemovedEvent>();
  readonly membershipUpdated = new Subject<MembershipUpdatedEvent>();
  readonly messageDeleted = new Subject<MessageDeletedEvent>();
  readonly conversationDeleted = new Subject<ConversationDeletedEvent>();
  readonly conversationRead = new Subject<ReadEvent>();

  isOnline(): boolean {
    return this.online;
  }

  request(event: string, payload: unknown): Promise<unknown> {
    this.sent.push({ event, payload });
    if (!this.online) return Promise.reject(new RealtimeUnavailable());
    return this.answer(event, payload);
  }

  /** The events of one name sent so far, acknowledged or not. */
  sentOf(event: string): unknown[] {
    return this.sent.filter((s) => s.event === event).map((s) => s.payload);
  }

  sendTyping(): void {
    // Typing is fire-and-forget; nothing to record for these tests.
  }
}
