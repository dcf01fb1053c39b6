import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/auth/actor';
import { Db } from '../database/db';
import { isMember } from '../websites/membership';
import type { InboxCursor } from './conversation-rules';
import { CONVERSATION_COLUMNS, TAGGED_WITH, toConversation, toMessage } from './conversation-rows';
import { Conversation, Message } from './conversation.types';
import { prefixPattern, TSQUERY } from './search-text';

/**
 * The condition an actor must meet on conversation `c`: an agent is a member of its website,
 * a visitor is its visitor. `param` is the placeholder holding the actor's id.
 */
function scopeOf(actor: Actor, param: string): string {
  return actor.type === 'agent' ? isMember('c.website_id', param) : `c.visitor_id = ${param}`;
}

/** A conversation as an agent's inbox shows it. */
export interface InboxConversation extends Conversation {
  visitor: { id: string; name: string | null; email: string | null; createdAt: string };
  lastMessage: Message | null;
  unreadCount: number;
}

export interface InboxFilter {
  status?: 'open' | 'closed';
  /** 'me' is resolved by the service to the agent's id */
  assignee?: string | 'none';
  /** All of these tags. */
  tags?: string[];
  q?: string;
  /** On the last activity: from inclusive, to exclusive (the service makes a bare date's end). */
  from?: Date;
  to?: Date;
  cursor?: InboxCursor;
  limit: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = any;

export interface ConversationRefRow {
  id: string;
  websiteId: string;
  visitorId: string;
}

const refOf = (row: Row): ConversationRefRow => ({ id: row.id, websiteId: row.website_id, visitorId: row.visitor_id });

/** With an agent ($1): only their websites, with their unread count. Without: no scope, unread since nobody read. */
const inboxSelect = (forAgent: boolean) => `
  SELECT ${CONVERSATION_COLUMNS}, (extract(epoch FROM c.last_message_at) * 1000000)::bigint::text AS cursor_at,
         v.id AS v_id, v.name AS v_name, v.email AS v_email, v.created_at AS v_created_at,
         lm.id AS m_id, lm.seq AS m_seq, lm.client_message_id AS m_client_message_id, lm.sender_type AS m_sender_type,
         lm.sender_visitor_id AS m_sender_visitor_id, lm.sender_agent_id AS m_sender_agent_id, lm.body AS m_body,
         lm.created_at AS m_created_at, lm.deleted_at AS m_deleted_at, lm.sender_name AS m_sender_name,
         lm.attachments AS m_attachments,
         (SELECT count(*)::int FROM messages um
           WHERE um.conversation_id = c.id AND um.sender_type = 'visitor' AND um.seq > COALESCE(r.last_read_seq, 0)) AS unread_count
  FROM conversations c
  JOIN visitors v ON v.id = c.visitor_id
  ${
    forAgent
      ? 'LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.agent_id = $1'
      : 'LEFT JOIN (SELECT NULL::int AS last_read_seq) r ON true'
  }
  LEFT JOIN LATERAL (
    SELECT m.id, m.seq, m.client_message_id, m.sender_type, m.sender_visitor_id, m.sender_agent_id, m.body,
           m.created_at, m.deleted_at, m.attachments, COALESCE(a.name, mv.name) AS sender_name FROM messages m
    LEFT JOIN agents a ON a.id = m.sender_agent_id LEFT JOIN visitors mv ON mv.id = m.sender_visitor_id
    WHERE m.conversation_id = c.id AND m.seq = c.last_seq
  ) lm ON true`;

function toInbox(row: Row): InboxConversation & { cursorAt: string } {
  return {
    ...toConversation(row),
    visitor: { id: row.v_id, name: row.v_name, email: row.v_email, createdAt: row.v_created_at.toISOString() },
    lastMessage: row.m_id
      ? toMessage({
          id: row.m_id,
          conversation_id: row.id,
          seq: row.m_seq,
          client_message_id: row.m_client_message_id,
          sender_type: row.m_sender_type,
          sender_visitor_id: row.m_sender_visitor_id,
          sender_agent_id: row.m_sender_agent_id,
          sender_name: row.m_sender_name,
          body: row.m_body,
          created_at: row.m_created_at,
          deleted_at: row.m_deleted_at,
          attachments: row.m_attachments,
        })
      : null,
    unreadCount: row.unread_count,
    cursorAt: row.cursor_at,
  };
}

/** The agent-facing reads and state changes of conversations; every statement joins the agent's membership. */
@Injectable()
export class InboxRepository {
  constructor(private readonly db: Db) {}

  async list(agentId: string, websiteId: string, filter: InboxFilter) {
    const params: unknown[] = [agentId, websiteId];
    const where = ['c.website_id = $2', 'c.deleted_at IS NULL', isMember('c.website_id', '$1')];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(sql(params.length));
    };
    if (filter.status) add((n) => `c.status = $${n}`, filter.status);
    if (filter.assignee === 'none') where.push('c.assignee_id IS NULL');
    else if (filter.assignee) add((n) => `c.assignee_id = $${n}`, filter.assignee);
    if (filter.tags?.length) add((n) => TAGGED_WITH(`$${n}::text[]`), filter.tags);
    if (filter.from) add((n) => `c.last_message_at >= $${n}`, filter.from);
    if (filter.to) add((n) => `c.last_message_at < $${n}`, filter.to);
    if (filter.q) {
      params.push(filter.q, prefixPattern(filter.q));
      const [text, prefix] = [`$${params.length - 1}`, `$${params.length}`];
      where.push(
        `(lower(v.name) LIKE ${prefix} OR lower(v.email) LIKE ${prefix} OR EXISTS (
           SELECT 1 FROM messages qm WHERE qm.conversation_id = c.id AND qm.sender_type <> 'system'
             AND qm.search @@ ${TSQUERY(text)}))`,
      );
    }
    if (filter.cursor) {
      params.push(filter.cursor.at, filter.cursor.id);
      // Exact to the microsecond: the cursor holds the timestamp as integer microseconds since the epoch.
      where.push(
        `(c.last_message_at, c.id) < (timestamptz 'epoch' + $${params.length - 1}::bigint * interval '1 microsecond', $${params.length}::uuid)`,
      );
    }
    params.push(filter.limit + 1);
    const rows = await this.db.rows<Row>(
      `${inboxSelect(true)} WHERE ${where.join(' AND ')} ORDER BY c.last_message_at DESC, c.id DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, filter.limit).map(toInbox);
    const last = items[items.length - 1];
    return {
      items: items.map(({ cursorAt: _cursorAt, ...item }) => item),
      next: rows.length > filter.limit && last ? { at: last.cursorAt, id: last.id } : null,
    };
  }

  /** With `agentId` null: the unscoped view broadcast to a website's agents. */
  async get(agentId: string | null, conversationId: string): Promise<InboxConversation | null> {
    const rows = agentId
      ? await this.db.rows<Row>(
          `${inboxSelect(true)} WHERE c.id = $2 AND c.deleted_at IS NULL AND ${isMember('c.website_id', '$1')}`,
          [agentId, conversationId],
        )
      : await this.db.rows<Row>(`${inboxSelect(false)} WHERE c.id = $1 AND c.deleted_at IS NULL`, [conversationId]);
    if (!rows[0]) return null;
    const { cursorAt: _cursorAt, ...item } = toInbox(rows[0]);
    return item;
  }

  /** The conversation if the actor may see it (member agent, or its visitor); null otherwise. */
  async findScoped(actor: Actor, conversationId: string): Promise<Conversation | null> {
    const rows = await this.db.rows<Row>(
      `SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.id = $1 AND c.deleted_at IS NULL AND ${scopeOf(actor, '$2')}`,
      [conversationId, actor.id],
    );
    return rows[0] ? toConversation(rows[0]) : null;
  }

  /**
   * Moves the agent's read marker forward (never back), up to the conversation's last seq.
   * undefined: no such conversation for them; `moved` null when the marker was there already.
   */
  async markRead(
    agentId: string,
    conversationId: string,
    seq: number,
  ): Promise<{ conversation: ConversationRefRow; moved: number | null } | undefined> {
    const rows = await this.db.rows<Row>(
      `WITH target AS (
         SELECT c.id, c.website_id, c.visitor_id, LEAST($3, c.last_seq) AS seq FROM conversations c
         WHERE c.id = $1 AND c.deleted_at IS NULL AND ${isMember('c.website_id', '$2')}
       ),
       up AS (
         INSERT INTO conversation_reads AS r (conversation_id, agent_id, last_read_seq)
         SELECT id, $2, seq FROM target
         ON CONFLICT (conversation_id, agent_id)
         DO UPDATE SET last_read_seq = EXCLUDED.last_read_seq WHERE r.last_read_seq < EXCLUDED.last_read_seq
         RETURNING last_read_seq
       )
       SELECT t.id, t.website_id, t.visitor_id, (SELECT last_read_seq FROM up) AS moved FROM target t`,
      [conversationId, agentId, seq],
    );
    return rows[0] ? { conversation: refOf(rows[0]), moved: rows[0].moved } : undefined;
  }

  /** The visitor's read position, forward only; same answers as markRead. */
  async markReadByVisitor(
    visitorId: string,
    conversationId: string,
    seq: number,
  ): Promise<{ conversation: ConversationRefRow; moved: number | null } | undefined> {
    const rows = await this.db.rows<Row>(
      `WITH target AS (
         SELECT c.id, c.website_id, c.visitor_id, LEAST($3, c.last_seq) AS seq FROM conversations c
         WHERE c.id = $1 AND c.visitor_id = $2 AND c.deleted_at IS NULL
       ),
       up AS (
         UPDATE conversations c SET visitor_read_seq = t.seq FROM target t
         WHERE c.id = t.id AND c.visitor_read_seq < t.seq RETURNING c.visitor_read_seq
       )
       SELECT t.id, t.website_id, t.visitor_id, (SELECT visitor_read_seq FROM up) AS moved FROM target t`,
      [conversationId, visitorId, seq],
    );
    return rows[0] ? { conversation: refOf(rows[0]), moved: rows[0].moved } : undefined;
  }

  /** How far the team has read each of these conversations (the furthest agent), for the widget. */
  async agentReadSeqs(conversationIds: string[]): Promise<Map<string, number>> {
    if (conversationIds.length === 0) return new Map();
    const rows = await this.db.rows<{ conversation_id: string; seq: number }>(
      `SELECT conversation_id, max(last_read_seq)::int AS seq FROM conversation_reads
       WHERE conversation_id = ANY ($1::uuid[]) GROUP BY conversation_id`,
      [conversationIds],
    );
    return new Map(rows.map((r) => [r.conversation_id, r.seq]));
  }

  /** A visitor's conversations, newest activity first. */
  async listForVisitor(visitorId: string, limit = 20): Promise<Conversation[]> {
    const rows = await this.db.rows<Row>(
      `SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.visitor_id = $1 AND c.deleted_at IS NULL
       ORDER BY c.last_message_at DESC, c.id DESC LIMIT $2`,
      [visitorId, limit],
    );
    return rows.map(toConversation);
  }
}
