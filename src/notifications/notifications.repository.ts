import { Injectable } from '@nestjs/common';
import { Db, Sql } from '../database/db';

export interface MailMessage {
  seq: number;
  body: string;
  sender_type: string;
  sender_name: string | null;
  created_at: Date;
}

export interface ConversationForMail {
  id: string;
  website_id: string;
  website_name: string;
  assignee_id: string | null;
  status: string;
  visitor_id: string;
  visitor_name: string | null;
  visitor_email: string | null;
  visitor_unsubscribed: boolean;
  page_url: string | null;
}

/**
 * What the notification mails are written from. A read model over conversations, messages,
 * members and visitors, in the outbox worker's transaction; it writes nothing of theirs but the
 * visitor's unsubscription.
 */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly db: Db) {}

  conversation(tx: Sql, conversationId: string): Promise<ConversationForMail | undefined> {
    return tx.one<ConversationForMail>(
      `SELECT c.id, c.website_id, w.name AS website_name, c.assignee_id, c.status, c.visitor_id,
              v.name AS visitor_name, v.email AS visitor_email, v.unsubscribed_at IS NOT NULL AS visitor_unsubscribed,
              COALESCE(c.page_url, v.page_url) AS page_url
       FROM conversations c JOIN websites w ON w.id = c.website_id JOIN visitors v ON v.id = c.visitor_id
       WHERE c.id = $1 AND c.deleted_at IS NULL`,
      [conversationId],
    );
  }

  /** The visitor's messages no agent has read yet. */
  unreadByAgents(tx: Sql, conversationId: string): Promise<MailMessage[]> {
    return tx.rows<MailMessage>(
      `SELECT m.seq, m.body, m.sender_type, v.name AS sender_name, m.created_at
       FROM messages m JOIN visitors v ON v.id = m.sender_visitor_id
       WHERE m.conversation_id = $1 AND m.sender_type = 'visitor' AND m.deleted_at IS NULL
         AND m.seq > COALESCE((SELECT max(r.last_read_seq) FROM conversation_reads r WHERE r.conversation_id = $1), 0)
       ORDER BY m.seq LIMIT 50`,
      [conversationId],
    );
  }

  /** Agents' messages from `fromSeq` on, unless the visitor wrote after them (they were back). */
  async missedByVisitor(tx: Sql, conversationId: string, fromSeq: number): Promise<MailMessage[]> {
    const rows = await tx.rows<MailMessage>(
      `SELECT m.seq, m.body, m.sender_type, a.name AS sender_name, m.created_at
       FROM messages m LEFT JOIN agents a ON a.id = m.sender_agent_id
       WHERE m.conversation_id = $1 AND m.seq >= $2 AND m.sender_type IN ('agent', 'visitor')
       ORDER BY m.seq LIMIT 50`,
      [conversationId, fromSeq],
    );
    // deleted messages (empty bodies) are not mailed
    return rows.some((m) => m.sender_type === 'visitor') ? [] : rows.filter((m) => m.body !== '');
  }

  /** Who hears of an unread conversation: its assignee (unless they want none), else every member who wants all. */
  recipients(tx: Sql, conversation: ConversationForMail): Promise<{ email: string; name: string }[]> {
    return tx.rows(
      `SELECT a.email, a.name FROM website_members wm JOIN agents a ON a.id = wm.agent_id
       WHERE wm.website_id = $1 AND (
         ($2::uuid IS NOT NULL AND a.id = $2 AND a.notify_email <> 'none')
         OR ($2::uuid IS NULL AND a.notify_email = 'all'))
       ORDER BY a.email`,
      [conversation.website_id, conversation.assignee_id],
    );
  }

  async unsubscribe(visitorId: string): Promise<boolean> {
    const rows = await this.db.rows(
      'UPDATE visitors SET unsubscribed_at = COALESCE(unsubscribed_at, now()) WHERE id = $1 RETURNING id',
      [visitorId],
    );
    return rows.length > 0;
  }

  async visitorReachable(conversationId: string): Promise<boolean> {
    const row = await this.db.one<{ ok: boolean }>(
      `SELECT v.email IS NOT NULL AND v.unsubscribed_at IS NULL AS ok
       FROM conversations c JOIN visitors v ON v.id = c.visitor_id WHERE c.id = $1 AND c.deleted_at IS NULL`,
      [conversationId],
    );
    return row?.ok ?? false;
  }
}
