import { InboxConversation, Message } from '../app/core/api/api.models';

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
