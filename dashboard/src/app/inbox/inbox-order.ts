import { Conversation, InboxConversation, Message } from '../core/api/api.models';

function activity(conversation: Conversation): number {
  return Date.parse(conversation.lastMessageAt ?? conversation.createdAt) || 0;
}

/** Newest activity first; ties broken by id so the order never flickers between renders. */
export function byActivity(a: Conversation, b: Conversation): number {
  return activity(b) - activity(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Puts conversations into the list, keeping whichever copy has seen more messages. */
export function mergeConversations(
  current: InboxConversation[],
  incoming: InboxConversation[],
): InboxConversation[] {
  const byId = new Map(current.map((c) => [c.id, c]));
  for (const conversation of incoming) {
    const known = byId.get(conversation.id);
    byId.set(conversation.id, known && known.lastSeq > conversation.lastSeq ? known : conversation);
  }
  return [...byId.values()].sort(byActivity);
}

/** The conversation after a new message; a message it has already seen changes nothing. */
export function withMessage(
  conversation: InboxConversation,
  message: Message,
  unread: boolean,
): InboxConversation {
  if (message.seq <= conversation.lastSeq) return conversation;
  return {
    ...conversation,
    lastSeq: message.seq,
    lastMessage: message,
    lastMessageAt: message.createdAt,
    unreadCount: conversation.unreadCount + (unread ? 1 : 0),
  };
}
