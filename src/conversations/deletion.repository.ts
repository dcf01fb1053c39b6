import { Injectable } from '@nestjs/common';
import { Db, Sql } from '../database/db';
import type { MemberRole } from '../websites/website.types';
import { CONVERSATION_COLUMNS, ConversationRow } from './conversation-rows';

export interface MessageForDeletion {
  id: string;
  seq: number;
  sender_type: 'visitor' | 'agent' | 'system';
  sender_agent_id: string | null;
  deleted_at: Date | null;
  role: MemberRole;
  conversation: ConversationRow;
}

/** Soft deletion of conversations, redaction of messages, and the purge that makes both final. */
@Injectable()
export class DeletionRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The live conversation and the agent's role on its website, locked; undefined when not theirs to see. */
  lockConversation(
    tx: Sql,
    agentId: string,
    conversationId: string,
  ): Promise<(ConversationRow & { role: MemberRole }) | undefined> {
    return tx.one(
      `SELECT ${CONVERSATION_COLUMNS}, wm.role FROM conversations c
       JOIN website_members wm ON wm.website_id = c.website_id AND wm.agent_id = $2
       WHERE c.id = $1 AND c.deleted_at IS NULL FOR UPDATE OF c`,
      [conversationId, agentId],
    );
  }

  /** Hidden at once, closed and out of every queue; purged for good by the retention job. */
  async softDelete(tx: Sql, conversationId: string): Promise<void> {
    await tx.rows(
      `UPDATE conversations SET deleted_at = now(), status = 'closed', closed_at = COALESCE(closed_at, now()),
         assignee_id = NULL
       WHERE id = $1`,
      [conversationId],
    );
  }

  async lockMessage(tx: Sql, agentId: string, messageId: string): Promise<MessageForDeletion | undefined> {
    const row = await tx.one<Record<string, unknown>>(
      `SELECT m.id AS m_id, m.seq AS m_seq, m.sender_type AS m_sender_type, m.sender_agent_id AS m_sender_agent_id,
              m.deleted_at AS m_deleted_at, wm.role, ${CONVERSATION_COLUMNS}
       FROM messages m
       JOIN conversations c ON c.id = m.conversation_id AND c.deleted_at IS NULL
       JOIN website_members wm ON wm.website_id = c.website_id AND wm.agent_id = $2
       WHERE m.id = $1 FOR UPDATE OF m`,
      [messageId, agentId],
    );
    if (!row) return undefined;
    const { m_id, m_seq, m_sender_type, m_sender_agent_id, m_deleted_at, role, ...conversation } = row;
    return {
      id: m_id as string,
      seq: m_seq as number,
      sender_type: m_sender_type as MessageForDeletion['sender_type'],
      sender_agent_id: m_sender_agent_id as string | null,
      deleted_at: m_deleted_at as Date | null,
      role: role as MemberRole,
      conversation: conversation as unknown as ConversationRow,
    };
  }

  /** The body goes; the row, its seq and its sender stay, so nobody sees a gap. */
  async redact(tx: Sql, messageId: string): Promise<{ conversationId: string; id: string }[]> {
    const rows = await tx.rows<{ conversation_id: string; attachments: { id: string }[] }>(
      `UPDATE messages m SET body = '', attachments = '[]', deleted_at = now()
       FROM (SELECT id, attachments FROM messages WHERE id = $1) old
       WHERE m.id = old.id RETURNING m.conversation_id, old.attachments`,
      [messageId],
    );
    return rows.flatMap((r) => r.attachments.map((a) => ({ conversationId: r.conversation_id, id: a.id })));
  }

  /**
   * Claims this period's run of a cluster-wide job: under an advisory lock, and only when the
   * period has passed since it last ran anywhere. true for exactly one caller per period.
   */
  claimRun(name: string, periodMs: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const lock = await tx.one<{ got: boolean }>(
        `SELECT pg_try_advisory_xact_lock(hashtextextended('zendo:job:' || $1, 0)) AS got`,
        [name],
      );
      if (!lock?.got) return false;
      const claimed = await tx.rows(
        `INSERT INTO scheduled_jobs AS j (name, last_run_at) VALUES ($1, clock_timestamp())
         ON CONFLICT (name) DO UPDATE SET last_run_at = EXCLUDED.last_run_at
           WHERE j.last_run_at <= clock_timestamp() - $2 * interval '1 millisecond'
         RETURNING name`,
        [name, periodMs],
      );
      return claimed.length > 0;
    });
  }

  /**
   * One batch of the purge: conversations deleted more than `deletedDays` ago, or closed longer
   * than their website's retention; their messages go with them (cascade). Counts per website.
   */
  purgeBatch(
    tx: Sql,
    kind: 'deleted' | 'expired',
    deletedDays: number,
    batch: number,
  ): Promise<{ website_id: string; n: number; ids: string[] }[]> {
    const victims =
      kind === 'deleted'
        ? `SELECT id FROM conversations WHERE deleted_at < now() - $1 * interval '1 day' LIMIT $2`
        : `SELECT c.id FROM websites w
           JOIN conversations c ON c.website_id = w.id AND c.status = 'closed'
             AND c.closed_at < now() - w.retention_days * interval '1 day'
           WHERE w.retention_days IS NOT NULL AND $1::int IS NOT NULL LIMIT $2`;
    return tx.rows(
      `WITH gone AS (DELETE FROM conversations WHERE id IN (${victims}) RETURNING id, website_id)
       SELECT website_id, count(*)::int AS n, array_agg(id) AS ids FROM gone GROUP BY website_id`,
      [deletedDays, batch],
    );
  }
}
