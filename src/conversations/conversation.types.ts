export type ConversationStatus = 'open' | 'closed';
export type SenderType = 'visitor' | 'agent' | 'system';

/** The contract's Message shape. */
export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  clientMessageId: string;
  sender: { type: SenderType; id: string | null; name?: string | null };
  /** '' once deleted (redacted in place: the seq stays). */
  body: string;
  createdAt: string;
  deletedAt: string | null;
  /** Files it carries; `url` is a signed link that expires. */
  attachments: Attachment[];
}

/** A stored file, as a message refers to it. */
export interface StoredAttachment {
  id: string;
  name: string;
  type: string;
  size: number;
}

export interface Attachment extends StoredAttachment {
  url: string;
}

export interface Rating {
  score: number;
  comment: string | null;
  at: string;
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
  /** The page the conversation started on, as the widget reported it. */
  pageUrl: string | null;
  pageTitle: string | null;
  /** How far the visitor has read (read receipts). */
  visitorReadSeq: number;
  /** The visitor's satisfaction rating, given once the conversation closed. */
  rating: Rating | null;
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
  attachments?: StoredAttachment[];
}

/** Where a conversation's events go: its website's agents and its visitor. */
export type ConversationRef = Pick<Conversation, 'id' | 'websiteId' | 'visitorId'>;

export interface AppendResult<C extends ConversationRef = ConversationRef> {
  message: Message;
  conversation: C;
  /** false when the clientMessageId was already stored: nothing was written. */
  created: boolean;
  reopened: boolean;
}
