import type { Socket } from 'socket.io';
import type { AgentIdentity } from '../common/auth/agent-identity';
import type { VisitorIdentity } from '../common/auth/visitor-identity';

export type SocketIdentity = { kind: 'agent'; agent: AgentIdentity } | { kind: 'visitor'; visitor: VisitorIdentity };

export interface AuthorisedConversation {
  id: string;
  websiteId: string;
  visitorId: string;
  /** Date.now() after which the right is checked again. */
  until: number;
}

export interface SocketData {
  identity: SocketIdentity;
  /** Event timestamps in the current window, for the per-socket rate limit. */
  rate: { windowStart: number; count: number };
  /** Conversations this socket was recently authorised for (typing, joins), by id. */
  conversations: Map<string, AuthorisedConversation>;
}

export type ZendoSocket = Socket<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>;
