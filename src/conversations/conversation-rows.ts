import { attachmentLink } from './attachment-links';
import { Conversation, Message, StoredAttachment } from './conversation.types';

/** Row shapes of the conversation tables and their mapping to the contract's shapes. */
export interface ConversationRow {
  id: string;
  website_id: string;
  visitor_id: string;
  status: 'open' | 'closed';
  assignee_id: string | null;
  last_seq: number;
  last_message_at: Date;
  created_at: Date;
  closed_at: Date | null;
  tags: string[];
  page_url: string | null;
  page_title: string | null;
  visitor_read_seq: number;
  rating_score: number | null;
  rating_comment: string | null;
  rated_at: Date | null;
}

export interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  client_message_id: string;
  sender_type: 'visitor' | 'agent' | 'system';
  sender_visitor_id: string | null;
  sender_agent_id: string | null;
  sender_name?: string | null;
  body: string;
  created_at: Date;
  deleted_at?: Date | null;
  attachments?: StoredAttachment[] | null;
}

export function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    websiteId: row.website_id,
    visitorId: row.visitor_id,
    status: row.status,
    assigneeId: row.assignee_id,
    lastSeq: row.last_seq,
    lastMessageAt: row.last_message_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    closedAt: row.closed_at ? row.closed_at.toISOString() : null,
    tags: row.tags,
    pageUrl: row.page_url,
    pageTitle: row.page_title,
    visitorReadSeq: row.visitor_read_seq,
    rating:
      row.rating_score !== null && row.rated_at
        ? { score: row.rating_score, comment: row.rating_comment, at: row.rated_at.toISOString() }
        : null,
  };
}

export function toMessage(row: MessageRow): Message {
  const name = row.sender_name;
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: row.seq,
    clientMessageId: row.client_message_id,
    sender: {
      type: row.sender_type,
      id: row.sender_visitor_id ?? row.sender_agent_id,
      ...(name ? { name } : {}),
    },
    body: row.body,
    createdAt: row.created_at.toISOString(),
    deletedAt: row.deleted_at ? row.deleted_at.toISOString() : null,
    attachments: (row.attachments ?? []).map((a) => ({ ...a, url: attachmentLink(row.conversation_id, a) })),
  };
}

export const CONVERSATION_COLUMNS =
  'c.id, c.website_id, c.visitor_id, c.status, c.assignee_id, c.last_seq, c.last_message_at, c.created_at, c.closed_at, c.tags, c.page_url, c.page_title, c.visitor_read_seq, c.rating_score, c.rating_comment, c.rated_at';

/**
 * `c` holds every tag of `tags` (SQL for a text[] that is not empty). It says `c.tags <> '{}'` too:
 * the tags index holds tagged conversations only, and the planner uses it when the query says so.
 */
export const TAGGED_WITH = (tags: string) => `(c.tags <> '{}' AND c.tags @> ${tags})`;
