import type { Server, Socket } from 'socket.io';
import type { Actor } from '../common/auth/actor';
import type { AgentIdentity } from '../common/auth/agent-identity';
import type { ErrorDetail } from '../common/domain-error';
import type { Conversation, ConversationRef, Message, Sender } from '../conversations/conversation.types';
import type { InboxConversation } from '../conversations/inbox.repository';

/** Every event a client may send; each is declared in client-events.ts. */
export type ClientEventName =
  | 'conversation:open'
  | 'message:new'
  | 'conversation:close'
  | 'conversation:reopen'
  | 'conversation:assign'
  | 'conversation:join'
  | 'conversation:leave'
  | 'presence:set'
  | 'typing';

export interface FailedAck {
  ok: false;
  /** `retryAfter`: seconds, for RATE_LIMITED, BUSY and UNAVAILABLE. */
  error: { code: string; message: string; details?: ErrorDetail[]; retryAfter?: number };
}

export interface TypingPayload {
  conversationId: string;
  typing: boolean;
  sender: Sender;
}

/** What the server sends. */
export interface ServerToClientEvents {
  'message:new': (payload: { message: Message }) => void;
  'conversation:open': (payload: { conversation: Conversation | InboxConversation }) => void;
  'conversation:close': (payload: { conversation: Conversation }) => void;
  'conversation:assigned': (payload: { conversation: Conversation }) => void;
  'conversation:updated': (payload: { conversation: Conversation }) => void;
  'conversation:viewers': (payload: { conversationId: string; agentIds: string[] }) => void;
  /** Deleted by an owner or admin: both sides drop it. */
  'conversation:deleted': (payload: { conversationId: string }) => void;
  /** A message's body was removed; it stays in place (its seq) with `deletedAt`. */
  'message:deleted': (payload: { conversationId: string; messageId: string; seq: number }) => void;
  /** One side read up to `seq`: the visitor, or an agent of the team (never which one). */
  'conversation:read': (payload: { conversationId: string; seq: number; by: { type: 'agent' | 'visitor' } }) => void;
  typing: (payload: TypingPayload) => void;
  /** To agents: `{agentId, status}`; to visitors: `{status}` of the website. */
  presence: (
    payload: { agentId: string; status: 'online' | 'away' | 'offline' } | { status: 'online' | 'offline' },
  ) => void;
  /** To the agent's own sockets: they are no longer a member of the website (removed, or they left). */
  'membership:removed': (payload: { websiteId: string }) => void;
  /** To the agent's own sockets: their role on the website changed. */
  'membership:updated': (payload: { websiteId: string; role: string }) => void;
  /** A failed event sent without an acknowledgement callback. */
  error: (payload: FailedAck) => void;
}

/** Who of a conversation's people an emit is for. */
export type Audience = 'agents' | 'visitor' | 'both' | 'viewers+visitor';

export interface ConversationEmit<E extends keyof ServerToClientEvents = keyof ServerToClientEvents> {
  to: Audience;
  event: E;
  payload: Parameters<ServerToClientEvents[E]>[0];
}

/**
 * One conversation event on the wire between instances: where it goes, its place in the
 * conversation's stream, and what to emit there (in this order).
 */
export interface ConversationEnvelope {
  conversation: ConversationRef;
  /** `seq`: a message's; `after`: follows message `after`; null: not ordered (typing). */
  position: { seq: number } | { after: number } | null;
  emits: ConversationEmit[];
  /** A socket that must not get it (the typist). */
  except?: string;
  /** When it was published (epoch ms, sub-millisecond), set by the fan-out: for its latency metric. */
  publishedAt?: number;
}

/** What clients send: every event of the table in client-events.ts, with an optional acknowledgement. */
export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: unknown, ack?: (reply: unknown) => void) => void;
};

/** Between instances, through the Redis adapter. */
/** What every instance's handshake cache forgets (HandshakeCredentials). */
export interface HandshakeInvalidation {
  websites?: string[];
  visitors?: string[];
  /** Agent login sessions (token families) that ended. */
  sessions?: string[];
}

export interface InterServerEvents {
  'zendo:conversation': (envelope: ConversationEnvelope) => void;
  /** Every instance takes the agent's local sockets off the website's conversations. */
  'zendo:member-removed': (removal: { websiteId: string; agentId: string }) => void;
  /** A handshake lookup went stale (a key rotated, a visitor erased, a session ended): forget it. */
  'zendo:handshake-invalidate': (what: HandshakeInvalidation) => void;
}

/** A conversation this socket was recently authorised for (typing, joins), with the time it expires. */
export interface AuthorisedConversation {
  id: string;
  websiteId: string;
  visitorId: string;
  until: number;
}

export interface SocketData {
  actor: Actor;
  /** Agents only: the access token's session and expiry. */
  agent?: AgentIdentity;
  /** Events counted in the current one-second window, for the per-socket rate limit. */
  rate: { windowStart: number; count: number };
  /** Made on first use: most sockets never type or join. */
  conversations?: Map<string, AuthorisedConversation>;
  /** The typing state last passed on, per conversation (coalescing). */
  typing?: Map<string, { typing: boolean; at: number }>;
}

export type ZendoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ZendoSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export const rooms = {
  website: (id: string) => `website:${id}`,
  conversation: (id: string) => `conversation:${id}`,
  visitor: (id: string) => `visitor:${id}`,
  /** Every visitor socket of a website: the website's availability goes there. */
  websiteVisitors: (id: string) => `website-visitors:${id}`,
  agent: (id: string) => `agent:${id}`,
  session: (familyId: string) => `session:${familyId}`,
};
