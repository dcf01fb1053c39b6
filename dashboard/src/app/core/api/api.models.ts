export type Role = 'owner' | 'admin' | 'agent';
export type ConversationStatus = 'open' | 'closed';
export type WidgetPosition = 'right' | 'left';

export interface Agent {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}

export interface AuthResponse {
  agent: Agent;
  accessToken: string;
  refreshToken: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

export interface MeResponse {
  agent: Agent;
  websites: { id: string; name: string; role: Role }[];
}

export interface WebsiteSettings {
  color: string;
  greeting: string;
  position: WidgetPosition;
}

export interface Website {
  id: string;
  name: string;
  key: string;
  allowedOrigins: string[];
  settings: WebsiteSettings;
  role: Role;
  createdAt: string;
}

export interface WebsitePatch {
  name?: string;
  allowedOrigins?: string[];
  settings?: Partial<WebsiteSettings>;
}

export interface Member {
  agent: { id: string; name: string; email: string };
  role: Role;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface MessageSender {
  type: 'visitor' | 'agent' | 'system';
  id: string | null;
  name?: string | null;
}

export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  clientMessageId: string | null;
  sender: MessageSender;
  body: string;
  createdAt: string;
}

export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
}

export interface Conversation {
  id: string;
  websiteId: string;
  visitorId: string;
  status: ConversationStatus;
  assigneeId: string | null;
  lastSeq: number;
  lastMessageAt: string | null;
  createdAt: string;
  closedAt: string | null;
  tags: string[];
}

export interface Visitor {
  id: string;
  name: string | null;
  email: string | null;
  createdAt: string;
}

export interface InboxConversation extends Conversation {
  visitor: Visitor;
  lastMessage: Message | null;
  unreadCount: number;
}

export interface ErrorBody {
  error: { code: string; message: string; details?: { field: string; message: string }[] };
}

export type Ack<K extends string, T> =
  ({ ok: true } & Record<K, T>) | { ok: false; error: { code: string; message: string } };
