import type { ConversationStatus } from './conversation.entity';
import type { SenderType } from './message.entity';

/** The contract's Message shape. */
export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  clientMessageId: string;
  sender: { type: SenderType; id: string | null; name?: string | null };
  body: string;
  createdAt: string;
}

/** The contract's Conversation shape. */
export interface Conversation {
  id: string;
  websiteId: string;
  visitorId: string;
  status: ConversationStatus;
  assigneeId: string | null;
  lastSeq: number;
  lastMessageAt: string;
  createdAt: string;
  closedAt: string | null;
  tags: string[];
}

export interface Sender {
  type: SenderType;
  /** visitor id or agent id; null for system messages */
  id: string | null;
  name?: string | null;
}

export interface NewMessage {
  clientMessageId: string;
  body: string;
}
