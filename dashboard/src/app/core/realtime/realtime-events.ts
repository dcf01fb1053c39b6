import { Ack, Conversation, InboxConversation, Message, MessageSender } from '../api/api.models';

export interface TypingEvent {
  conversationId: string;
  typing: boolean;
  sender: MessageSender;
}

export interface PresenceEvent {
  agentId: string;
  status: 'online' | 'away' | 'offline';
}

export interface ServerEvents {
  'conversation:open': (payload: { conversation: InboxConversation }) => void;
  'conversation:close': (payload: { conversation: Conversation }) => void;
  'conversation:assigned': (payload: { conversation: Conversation }) => void;
  'message:new': (payload: { message: Message }) => void;
  typing: (payload: TypingEvent) => void;
  presence: (payload: PresenceEvent) => void;
}

export interface ClientEvents {
  'message:new': (
    payload: { conversationId: string; body: string; clientMessageId: string },
    ack: (response: Ack<'message', Message>) => void,
  ) => void;
  'conversation:close': (
    payload: { conversationId: string },
    ack: (response: Ack<'conversation', Conversation>) => void,
  ) => void;
  typing: (payload: { conversationId: string; typing: boolean }) => void;
}

/** Thrown when an acknowledged event cannot be sent, so callers fall back to REST. */
export class RealtimeUnavailable extends Error {
  constructor() {
    super('Realtime connection is not available');
  }
}
