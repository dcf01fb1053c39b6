import {
  Ack,
  Conversation,
  InboxConversation,
  Message,
  MessageSender,
  Presence,
  PresenceChoice,
  Role,
  ReadEvent,
} from '../api/api.models';

export interface TypingEvent {
  conversationId: string;
  typing: boolean;
  sender: MessageSender;
}

export interface PresenceEvent {
  agentId: string;
  status: Presence;
}

export interface ViewersEvent {
  conversationId: string;
  agentIds: string[];
}

/** To this agent only: they are no longer a member of the website. */
export interface MembershipRemovedEvent {
  websiteId: string;
}

/** To this agent only: their role on the website changed. */
export interface MembershipUpdatedEvent {
  websiteId: string;
  role: Role;
}

export interface MessageDeletedEvent {
  conversationId: string;
  messageId: string;
  seq: number;
}

export interface ConversationDeletedEvent {
  conversationId: string;
}

export interface ServerEvents {
  'conversation:open': (payload: { conversation: InboxConversation }) => void;
  'conversation:close': (payload: { conversation: Conversation }) => void;
  'conversation:assigned': (payload: { conversation: Conversation }) => void;
  'conversation:updated': (payload: { conversation: Conversation }) => void;
  'conversation:viewers': (payload: ViewersEvent) => void;
  'message:new': (payload: { message: Message }) => void;
  typing: (payload: TypingEvent) => void;
  presence: (payload: PresenceEvent) => void;
  'membership:removed': (payload: MembershipRemovedEvent) => void;
  'membership:updated': (payload: MembershipUpdatedEvent) => void;
  'message:deleted': (payload: MessageDeletedEvent) => void;
  'conversation:deleted': (payload: ConversationDeletedEvent) => void;
  'conversation:read': (payload: ReadEvent) => void;
}

type ConversationRef = { conversationId: string };
/** An acknowledgement that carries nothing but success or the error. */
type Done = Ack<never, never>;

export interface ClientEvents {
  'message:new': (
    payload: { conversationId: string; body: string; clientMessageId: string },
    ack: (response: Ack<'message', Message>) => void,
  ) => void;
  'conversation:close': (
    payload: ConversationRef,
    ack: (response: Ack<'conversation', Conversation>) => void,
  ) => void;
  'conversation:join': (payload: ConversationRef, ack: (response: Done) => void) => void;
  'conversation:leave': (payload: ConversationRef, ack: (response: Done) => void) => void;
  'presence:set': (
    payload: { status: PresenceChoice },
    ack: (response: Ack<'status', PresenceChoice>) => void,
  ) => void;
  typing: (payload: { conversationId: string; typing: boolean }) => void;
}

/** Thrown when an acknowledged event cannot be sent, so callers fall back to REST. */
export class RealtimeUnavailable extends Error {
  constructor() {
    super('Realtime connection is not available');
  }
}
