export type Role = 'owner' | 'admin' | 'agent';
/** What an agent chooses; `offline` is only ever reported by the server. */
export type PresenceChoice = 'online' | 'away';
export type Presence = PresenceChoice | 'offline';
export type AssignmentMode = 'manual' | 'round_robin';
export type ReplyPolicy = 'anyone' | 'assignee';
export type ConversationStatus = 'open' | 'closed';
export type WidgetPosition = 'right' | 'left';

export interface Agent {
  id: string;
  email: string;
  name: string;
  createdAt: string;
  notifications?: { email: EmailNotifications };
  /** False until the agent follows the link mailed at signup. */
  emailVerified?: boolean;
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
  presence?: PresenceChoice;
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
  assignment: AssignmentSettings;
  replyPolicy: ReplyPolicy;
  role: Role;
  createdAt: string;
  businessHours?: BusinessHours | null;
  offlineGreeting?: string | null;
  retentionDays?: number | null;
  requireVerifiedIdentity?: boolean;
  identitySecretSet?: boolean;
  /** Old keys that still work, each until its own grace ends. */
  rotatedKeys?: RotatedKey[];
  locale?: WidgetLocale;
  csatEnabled?: boolean;
}

export interface AssignmentSettings {
  mode: AssignmentMode;
  /** Open conversations one agent is given at most under round robin; null is no cap. */
  maxOpenPerAgent: number | null;
}

export interface WebsitePatch {
  name?: string;
  allowedOrigins?: string[];
  settings?: Partial<WebsiteSettings>;
  assignment?: AssignmentSettings;
  replyPolicy?: ReplyPolicy;
  businessHours?: BusinessHours | null;
  offlineGreeting?: string | null;
  retentionDays?: number | null;
  requireVerifiedIdentity?: boolean;
  locale?: WidgetLocale;
  csatEnabled?: boolean;
}

export interface Member {
  agent: { id: string; name: string; email: string };
  role: Role;
  joinedAt?: string;
}

export interface PresenceEntry {
  agentId: string;
  status: Presence;
}

export interface Invite {
  id: string;
  email: string;
  role: Role;
  invitedBy: { id: string; name: string } | null;
  expiresAt: string;
  createdAt: string;
}

/** The answer to creating or resending an invite; `mailed` is false when no email went out. */
export interface InviteSent {
  id: string;
  websiteId?: string;
  email: string;
  role: Role;
  expiresAt: string;
  mailed: boolean;
}

export interface InviteInspection {
  email: string;
  role: Role;
  website: { id: string; name: string };
  account: 'new' | 'existing';
}

export type InviteAcceptance =
  | ({ created: true; website: { id: string; name: string; role: Role } } & AuthResponse)
  | { created: false; website: { id: string; name: string; role: Role } };

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
  /** Set once the message was deleted; its body is then empty. */
  deletedAt?: string | null;
  attachments?: Attachment[];
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
  /** The page the conversation started on, as the widget reported it. */
  pageUrl?: string | null;
  pageTitle?: string | null;
  /** The highest seq the visitor has read. */
  visitorReadSeq?: number;
  rating?: Rating | null;
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

export type EmailNotifications = 'all' | 'assigned' | 'none';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Opening hours in a time zone; a day that is missing or empty is closed. */
export interface BusinessHours {
  timezone: string;
  days: Partial<Record<Weekday, [string, string][]>>;
}

export interface CannedResponse {
  id: string;
  shortcut: string;
  title: string | null;
  body: string;
  createdAt: string;
  updatedAt: string;
}

export interface Tag {
  id: string;
  name: string;
  color: string | null;
  /** How many conversations carry it. */
  conversations: number;
}

export interface SearchHit {
  messageId: string;
  seq: number;
  snippet: string;
  /** `[start, end)` character ranges of `snippet` that matched. */
  highlights: [number, number][];
}

export interface SearchResult {
  conversation: Conversation;
  visitor: { id: string; name: string | null; email: string | null };
  hits: SearchHit[];
}

export interface RotatedKey {
  key: string;
  expiresAt: string;
}

export interface KeyRotation {
  key: string;
  previousKeyExpiresAt?: string;
}

export interface AuditEvent {
  id: string;
  at: string;
  actor: { type: 'agent' | 'visitor' | 'system' | string; id: string | null; name: string | null };
  action: string;
  target: { type: string; id: string } | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** A file sent with a message; `url` is signed and absolute, so it works in `<img src>`. */
export interface Attachment {
  id: string;
  name: string;
  type: string;
  size: number;
  url: string;
}

/** The visitor's score (1–5) of a closed conversation. */
export interface Rating {
  score: number;
  comment: string | null;
  at: string;
}

export type WidgetLocale = 'auto' | 'en' | 'de' | 'fr' | 'es' | 'pt-BR' | 'ar';

export interface CsatReport {
  count: number;
  average: number | null;
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
}

export interface ReadEvent {
  conversationId: string;
  seq: number;
  by: { type: 'agent' | 'visitor' };
}
