import type { Socket } from 'socket.io';
import type { AgentIdentity } from '../common/auth/agent-identity';
import type { VisitorIdentity } from '../common/auth/visitor-identity';

export type SocketIdentity = { kind: 'agent'; agent: AgentIdentity } | { kind: 'visitor'; visitor: VisitorIdentity };

export interface SocketData {
  identity: SocketIdentity;
  /** Event timestamps in the current window, for the per-socket rate limit. */
  rate: { windowStart: number; count: number };
  /** Conversations this socket was already authorised for (typing, joins). */
  conversations: Set<string>;
}

export type ZendoSocket = Socket<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>;
