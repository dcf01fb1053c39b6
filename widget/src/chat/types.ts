// Shapes of the public contract (CONTRACT.md, "Shapes" and "Widget").

export type SenderType = 'visitor' | 'agent' | 'system';

export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  clientMessageId: string | null;
  sender: { type: SenderType; id: string | null; name?: string | null };
  /** Empty once the message was deleted. */
  body: string;
  createdAt: string;
  /** Set when the message was deleted: it keeps its place (seq), without its body. */
  deletedAt?: string | null;
  /** Files sent with the message; a message may be files alone (empty body). */
  attachments?: Attachment[];
}

export interface Attachment {
  id: string;
  name: string;
  /** The type the server found in the content: an image, PDF or plain text. */
  type: string;
  size: number;
  /** A signed link that expires; images are served inline, anything else as a download. */
  url: string;
}

export interface Rating {
  score: number;
  comment: string | null;
  at: string;
}

export interface Conversation {
  id: string;
  websiteId: string;
  visitorId: string;
  status: 'open' | 'closed';
  assigneeId: string | null;
  lastSeq: number;
  lastMessageAt: string | null;
  createdAt: string;
  closedAt: string | null;
  tags: string[];
  /** Up to which seq the team has read it ("Seen"); in the visitor's own payloads. */
  agentReadSeq?: number;
  /** Up to which seq the visitor has read it. */
  visitorReadSeq?: number;
  /** The visitor's satisfaction rating, once given. */
  rating?: Rating | null;
}

export interface Visitor {
  id: string;
  /** The site's own user id, once a verified identify named it. */
  userId?: string | null;
  name?: string | null;
  email?: string | null;
}

export interface WebsiteSettings {
  color?: string;
  greeting?: string;
  position?: 'left' | 'right';
}

export interface Website {
  id?: string;
  name: string;
  settings?: WebsiteSettings;
  /** Whether someone can answer now; absent until the API reports presence. */
  online?: boolean;
  /** "auto" (the browser's language) or one of the supported locales; absent means "auto". */
  locale?: string;
  /** Shown instead of the greeting while nobody is online. */
  offlineGreeting?: string | null;
  /** Whether the widget asks "How did we do?" once a conversation is closed. */
  csatEnabled?: boolean;
}

export interface Bootstrap {
  visitor: Visitor;
  visitorToken: string;
  website: Website;
  conversations: Conversation[];
}

export interface AckError {
  code: string;
  message?: string;
}

export type Ack<T> = ({ ok: true } & T) | { ok: false; error: AckError };

/** Longest message body the server accepts, after trimming. */
export const MAX_BODY = 5000;
