import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { Sql, query, transaction } from '../database/sql';
import {
  AppendResult,
  CONVERSATION_COLUMNS,
  ConversationRow,
  MessageRow,
  WhenClosed,
  toConversation,
  toMessage,
} from './conversation-rows';
import { Conversation, Message, NewMessage, Sender } from './conversation.types';
import { ConversationError } from './conversations.errors';
import { MessageGroupCommit } from './message-group-commit';

export { CONVERSATION_COLUMNS, toConversation, toMessage };
export type { AppendResult, WhenClosed };

/**
 * The message hot path's batching (see MessageGroupCommit). One batch at a time, the next one sent
 * as soon as the previous commits: appends that arrive meanwhile make it bigger, which costs the
 * database less per message than batches in parallel. With 2 or 4 in flight, PostgreSQL used more
 * CPU for the same messages and latency p99 at 1,000 conversations went up (`make bench`).
 */
const GROUP_COMMIT = { maxBatch: 500, maxInFlight: 1 };
/** How long shutdown waits for queued appends to be written. */
const SHUTDOWN_DRAIN_MS = 5000;

const MESSAGE_WITH_SENDER = `
  SELECT m.id, m.conversation_id, m.seq, m.client_message_id, m.sender_type, m.sender_visitor_id,
         m.sender_agent_id, m.body, m.created_at, COALESCE(a.name, v.name) AS sender_name
  FROM messages m
  LEFT JOIN agents a ON a.id = m.sender_agent_id
  LEFT JOIN visitors v ON v.id = m.sender_visitor_id`;

/**
 * The condition a sender must meet on conversation `c`: an agent is a member of its website,
 * a visitor is its visitor. `first` is the number of the first placeholder to use.
 */
export function scopeOf(actor: Sender, first: number): { sql: string; params: unknown[] } {
  if (actor.type === 'agent') {
    return {
      sql: `AND EXISTS (SELECT 1 FROM website_members wm WHERE wm.website_id = c.website_id AND wm.agent_id = $${first})`,
      params: [actor.id],
    };
  }
  if (actor.type === 'visitor') return { sql: `AND c.visitor_id = $${first}`, params: [actor.id] };
  return { sql: '', params: [] };
}

export interface OpenResult {
  conversation: Conversation;
  message: Message | null;
  created: boolean;
  messageCreated: boolean;
}

@Injectable()
export class ConversationsRepository implements BeforeApplicationShutdown {
  private readonly groupCommit: MessageGroupCommit;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    // The pg pool under TypeORM: the hot path sends its few statements without entity machinery.
    const pool = () => (this.db.driver as unknown as { master: Pool }).master;
    this.groupCommit = new MessageGroupCommit(
      pool,
      (r) => this.appendAlone(r.conversationId, r.sender, r.message, r.whenClosed),
      GROUP_COMMIT,
    );
  }

  /** Runs before the pool closes (Nest closes the database in onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    if (!(await this.groupCommit.drain(SHUTDOWN_DRAIN_MS))) {
      new Logger('Conversations').warn(`appends still queued after ${SHUTDOWN_DRAIN_MS} ms of shutdown`);
    }
  }

  /**
   * The visitor's open conversation, or a new one; with a first message, both in one
   * transaction. The visitor row lock makes concurrent opens of one visitor return one conversation.
   */
  openForVisitor(websiteId: string, visitorId: string, first?: NewMessage, sender?: Sender): Promise<OpenResult> {
    return transaction(this.db, async (tx) => {
      const visitor = await tx.one<{ id: string }>(
        'SELECT id FROM visitors WHERE id = $1 AND website_id = $2 FOR UPDATE',
        [visitorId, websiteId],
      );
      if (!visitor) throw new ConversationError('NOT_FOUND', 'The visitor does not exist');
      let row = await tx.one<ConversationRow>(
        `SELECT ${CONVERSATION_COLUMNS} FROM conversations c
         WHERE c.visitor_id = $1 AND c.status = 'open' ORDER BY c.last_message_at DESC LIMIT 1 FOR UPDATE`,
        [visitorId],
      );
      const created = !row;
      if (!row) {
        row = await tx.one<ConversationRow>(
          `INSERT INTO conversations AS c (website_id, visitor_id) VALUES ($1, $2) RETURNING ${CONVERSATION_COLUMNS}`,
          [websiteId, visitorId],
        );
      }
      if (!first) return { conversation: toConversation(row!), message: null, created, messageCreated: false };
      const appended = await this.appendLocked(tx, row!, sender ?? { type: 'visitor', id: visitorId }, first, 'reopen');
      return {
        conversation: appended.conversation,
        message: appended.message,
        created,
        messageCreated: appended.created,
      };
    });
  }

  /**
   * Appends one message: lock the conversation row, seq = last_seq + 1, insert, bump the
   * conversation, commit, then resolve. The row lock serialises writers of one conversation, so
   * seqs stay gapless; a clientMessageId already stored returns that message and writes nothing.
   * Concurrent appends share transactions (group commit); the rules are the same as alone.
   */
  appendMessage(
    conversationId: string,
    sender: Sender,
    message: NewMessage,
    whenClosed: WhenClosed,
  ): Promise<AppendResult> {
    return this.groupCommit.append({ conversationId, sender, message, whenClosed });
  }

  /** The one-message transaction: what a batch falls back to when it fails as a whole. */
  private appendAlone(
    conversationId: string,
    sender: Sender,
    message: NewMessage,
    whenClosed: WhenClosed,
  ): Promise<AppendResult<Conversation>> {
    return transaction(this.db, async (tx) => {
      // The sender's right to write is checked in the statement that locks the row.
      const scope = scopeOf(sender, 2);
      const row = await tx.one<ConversationRow>(
        `SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.id = $1 ${scope.sql} FOR UPDATE OF c`,
        [conversationId, ...scope.params],
      );
      if (!row) throw new ConversationError('NOT_FOUND');
      return this.appendLocked(tx, row, sender, message, whenClosed);
    });
  }

  private async appendLocked(
    tx: Sql,
    conversation: ConversationRow,
    sender: Sender,
    message: NewMessage,
    whenClosed: WhenClosed,
  ): Promise<AppendResult<Conversation>> {
    const existing = await tx.one<MessageRow>(
      `${MESSAGE_WITH_SENDER} WHERE m.conversation_id = $1 AND m.client_message_id = $2`,
      [conversation.id, message.clientMessageId],
    );
    if (existing) {
      return {
        message: toMessage(existing),
        conversation: toConversation(conversation),
        created: false,
        reopened: false,
      };
    }
    const reopened = conversation.status === 'closed';
    if (reopened && whenClosed === 'refuse') throw new ConversationError('CONVERSATION_CLOSED');
    const inserted = await tx.one<MessageRow>(
      `WITH m AS (
         INSERT INTO messages (conversation_id, seq, client_message_id, sender_type, sender_visitor_id, sender_agent_id, body)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id, conversation_id, seq, client_message_id, sender_type, sender_visitor_id, sender_agent_id, body, created_at)
       SELECT m.*, COALESCE(a.name, v.name) AS sender_name
       FROM m LEFT JOIN agents a ON a.id = m.sender_agent_id LEFT JOIN visitors v ON v.id = m.sender_visitor_id`,
      [
        conversation.id,
        conversation.last_seq + 1,
        message.clientMessageId,
        sender.type,
        sender.type === 'visitor' ? sender.id : null,
        sender.type === 'agent' ? sender.id : null,
        message.body,
      ],
    );
    const updated = await tx.one<ConversationRow>(
      `UPDATE conversations c SET last_seq = $2, last_message_at = $3,
         status = 'open', closed_at = NULL
       WHERE c.id = $1 RETURNING ${CONVERSATION_COLUMNS}`,
      [conversation.id, inserted!.seq, inserted!.created_at],
    );
    return {
      message: toMessage(inserted!),
      conversation: toConversation(updated!),
      created: true,
      reopened,
    };
  }

  /** Messages in ascending seq: after `afterSeq`, or the latest page before `beforeSeq` (or the end). */
  async listMessages(
    conversationId: string,
    page: { afterSeq?: number; beforeSeq?: number; limit: number },
  ): Promise<{ messages: Message[]; hasMore: boolean }> {
    if (page.afterSeq !== undefined) {
      const rows = await query<MessageRow>(
        this.db,
        `${MESSAGE_WITH_SENDER} WHERE m.conversation_id = $1 AND m.seq > $2 ORDER BY m.seq ASC LIMIT $3`,
        [conversationId, page.afterSeq, page.limit + 1],
      );
      return { messages: rows.slice(0, page.limit).map((r) => toMessage(r)), hasMore: rows.length > page.limit };
    }
    const rows = await query<MessageRow>(
      this.db,
      `${MESSAGE_WITH_SENDER} WHERE m.conversation_id = $1 AND m.seq < $2 ORDER BY m.seq DESC LIMIT $3`,
      [conversationId, page.beforeSeq ?? 2_147_483_647, page.limit + 1],
    );
    return {
      messages: rows
        .slice(0, page.limit)
        .reverse()
        .map((r) => toMessage(r)),
      hasMore: rows.length > page.limit,
    };
  }
}
