import {
  Agent,
  InboxConversation,
  Member,
  Message,
  Role,
  Website,
} from '../app/core/api/api.models';
import { REFRESH_TOKEN_KEY, type Session } from '../app/core/auth/session';

let counter = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

export function message(
  conversationId: string,
  seq: number,
  overrides: Partial<Message> = {},
): Message {
  return {
    id: `m-${conversationId}-${seq}`,
    conversationId,
    seq,
    clientMessageId: uuid(),
    sender: { type: 'visitor', id: 'v-1' },
    body: `message ${seq}`,
    createdAt: new Date(Date.UTC(2026, 0, 1, 12, 0, seq)).toISOString(),
    ...overrides,
  };
}

export function conversation(
  id: string,
  overrides: Partial<InboxConversation> = {},
): InboxConversation {
  const createdAt = new Date(Date.UTC(2026, 0, 1, 10)).toISOString();
  return {
    id,
    websiteId: 'w-1',
    visitorId: `visitor-${id}`,
    status: 'open',
    assigneeId: null,
    lastSeq: 0,
    lastMessageAt: null,
    createdAt,
    closedAt: null,
    tags: [],
    visitor: { id: `visitor-${id}`, name: null, email: null, createdAt },
    lastMessage: null,
    unreadCount: 0,
    ...overrides,
  };
}

/** Lets promise chains (refresh → retry, ack → merge) run to their end. */
export const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function agent(id: string, overrides: Partial<Agent> = {}): Agent {
  const name = id.charAt(0).toUpperCase() + id.slice(1);
  return {
    id,
    name,
    email: `${id}@example.com`,
    createdAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

export function member(id: string, role: Role = 'agent', overrides: Partial<Member> = {}): Member {
  const { name, email } = agent(id);
  return { agent: { id, name, email }, role, joinedAt: '2026-01-01T00:00:00Z', ...overrides };
}

export function website(id: string, overrides: Partial<Website> = {}): Website {
  return {
    id,
    name: `Website ${id}`,
    key: `pk_${id}`,
    allowedOrigins: [],
    settings: { color: '#2563eb', greeting: '', position: 'right' },
    assignment: { mode: 'manual', maxOpenPerAgent: null },
    replyPolicy: 'anyone',
    role: 'owner',
    createdAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

/** Signs a test in as an agent without a login request. */
export function signIn(session: Session, who: Agent): void {
  // A stored token would be taken for another agent's session and logged out first.
  localStorage.removeItem(REFRESH_TOKEN_KEY);
  session.adopt({ agent: who, accessToken: `access-${who.id}`, refreshToken: `refresh-${who.id}` });
}
