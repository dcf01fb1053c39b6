import type { Conversation, ConversationRef, Message } from './conversation.types';
import type { InboxConversation } from './inbox.repository';

/**
 * What the conversations module announces, after commit. Agents get conversations as their inbox
 * shows them (with the visitor and the last message), so the events that open one carry that view.
 */
declare module '../common/domain-events' {
  interface DomainEventMap {
    /** A new message was stored; `reopened` when it reopened a closed conversation (a visitor's). */
    'message.created': { conversation: ConversationRef; message: Message; reopened: InboxConversation | null };
    /** A new conversation. Its first message, if any, follows as message.created. */
    'conversation.opened': { conversation: InboxConversation };
    /** An agent reopened a closed conversation; `message` is the system message saying so. */
    'conversation.reopened': { conversation: InboxConversation; message: Message };
    'conversation.closed': { conversation: Conversation; message: Message };
    /** Assigned, claimed, unassigned (by someone, round robin, or a member leaving). */
    'conversation.assigned': { conversation: Conversation; message: Message };
    /** Something else about it changed (its tags). */
    'conversation.updated': { conversation: Conversation };
    /** Deleted by an owner or admin: hidden everywhere from now on. */
    'conversation.deleted': { conversation: Conversation };
    /** A message's body was removed; it stays in place with its seq. */
    'message.deleted': { conversation: ConversationRef; messageId: string; seq: number };
    /** One side read up to `seq` (an agent's marker moved, or the visitor's). */
    'conversation.read': { conversation: ConversationRef; seq: number; by: 'agent' | 'visitor' };
    /** Files no message refers to any more (a message deleted, a visitor erased, conversations purged). */
    'attachments.discarded': { files?: { conversationId: string; id: string }[]; conversations?: string[] };
  }
}
export {};
