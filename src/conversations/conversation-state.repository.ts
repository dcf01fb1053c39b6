import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../common/auth/actor';
import { Db, Sql } from '../database/db';
import { isMember } from '../websites/membership';
import { Happening, mayAssign, MemberRole, systemText } from './conversation-rules';
import { CONVERSATION_COLUMNS, ConversationRow, toConversation } from './conversation-rows';
import { Conversation, Message } from './conversation.types';
import { ConversationError } from './conversations.errors';
import { writeAppends } from './message-append';

/** A change of a conversation's status or assignee, with the system message that records it. */
export interface Change {
  conversation: Conversation;
  /** null when nothing changed (it already was so). */
  message: Message | null;
}

const LOCK_SCOPED = (scope: string) =>
  `SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.id = $1 AND c.deleted_at IS NULL AND ${scope} FOR UPDATE OF c`;

/**
 * Status and assignment changes. Each is one transaction: the row locked, the rule checked, the
 * change made, and a system message (its own seq, through the one append statement) saying who
 * did what.
 */
@Injectable()
export class ConversationStateRepository {
  constructor(private readonly db: Db) {}

  /** Opens or closes (an agent member, or the conversation's visitor). */
  setStatus(actor: Actor, conversationId: string, status: 'open' | 'closed'): Promise<Change> {
    return this.db.transaction(async (tx) => {
      const scope = actor.type === 'agent' ? isMember('c.website_id', '$2') : 'c.visitor_id = $2';
      const row = await tx.one<ConversationRow>(LOCK_SCOPED(scope), [conversationId, actor.id]);
      if (!row) throw new ConversationError('NOT_FOUND');
      if (row.status === status) return { conversation: toConversation(row), message: null };
      await tx.rows(
        `UPDATE conversations SET status = $2::varchar,
           closed_at = CASE WHEN $2::varchar = 'closed' THEN now() END,
           queued_at = CASE WHEN $2::varchar = 'open' AND assignee_id IS NULL THEN clock_timestamp() END
         WHERE id = $1`,
        [conversationId, status],
      );
      const by = actor.type === 'agent' ? await this.nameOf(tx, actor.id) : null;
      const happening: Happening = status === 'closed' ? { kind: 'closed', by } : { kind: 'reopened', by: by! };
      return this.record(tx, conversationId, happening);
    });
  }

  /** The agent takes an unassigned conversation (or keeps their own); another agent's is ALREADY_ASSIGNED. */
  claim(agentId: string, conversationId: string): Promise<Change> {
    return this.db.transaction(async (tx) => {
      const row = await tx.one<ConversationRow>(LOCK_SCOPED(isMember('c.website_id', '$2')), [conversationId, agentId]);
      if (!row) throw new ConversationError('NOT_FOUND');
      if (row.assignee_id === agentId) return { conversation: toConversation(row), message: null };
      if (row.assignee_id) throw new ConversationError('ALREADY_ASSIGNED');
      await this.setAssignee(tx, row.website_id, conversationId, agentId);
      return this.record(tx, conversationId, { kind: 'claimed', by: await this.nameOf(tx, agentId) });
    });
  }

  /** Assigns to a member of the conversation's website, or to nobody, as the actor's role allows. */
  assign(agentId: string, conversationId: string, assigneeId: string | null): Promise<Change> {
    return this.db.transaction(async (tx) => {
      const row = await tx.one<ConversationRow & { role: MemberRole }>(
        `SELECT ${CONVERSATION_COLUMNS}, wm.role FROM conversations c
         JOIN website_members wm ON wm.website_id = c.website_id AND wm.agent_id = $2
         WHERE c.id = $1 AND c.deleted_at IS NULL FOR UPDATE OF c`,
        [conversationId, agentId],
      );
      if (!row) throw new ConversationError('NOT_FOUND');
      if (assigneeId) {
        const member = await tx.one<{ member: boolean }>(`SELECT ${isMember('$1::uuid', '$2::uuid')} AS member`, [
          row.website_id,
          assigneeId,
        ]);
        if (!member?.member) {
          throw new ConversationError('VALIDATION_FAILED', 'The assignee is not a member of this website');
        }
      }
      if (!mayAssign({ id: agentId, role: row.role }, row.assignee_id, assigneeId)) {
        throw new ConversationError(
          'FORBIDDEN',
          'Agents may only take an unassigned conversation for themselves or give back their own',
        );
      }
      if (row.assignee_id === assigneeId) return { conversation: toConversation(row), message: null };
      await this.setAssignee(tx, row.website_id, conversationId, assigneeId);
      const names = await this.namesOf(tx, [agentId, assigneeId, row.assignee_id]);
      const by = names.get(agentId)!;
      const happening: Happening =
        assigneeId === null
          ? { kind: 'unassigned', by, from: row.assignee_id ? (names.get(row.assignee_id) ?? null) : null }
          : assigneeId === agentId && row.assignee_id === null
            ? { kind: 'claimed', by }
            : { kind: 'assigned', by, to: names.get(assigneeId)! };
      return this.record(tx, conversationId, happening);
    });
  }

  /** Inside the transaction that removes `agentId` from the website: their open conversations go back to the queue. */
  async unassignAll(tx: Sql, websiteId: string, agentId: string): Promise<Change[]> {
    const rows = await tx.rows<{ id: string }>(
      `SELECT id FROM conversations WHERE website_id = $1 AND assignee_id = $2 AND status = 'open'
       ORDER BY id FOR UPDATE`,
      [websiteId, agentId],
    );
    if (rows.length === 0) return [];
    const who = await this.nameOf(tx, agentId);
    const changes: Change[] = [];
    for (const { id } of rows) {
      await this.setAssignee(tx, websiteId, id, null);
      changes.push(await this.record(tx, id, { kind: 'left', who }));
    }
    return changes;
  }

  /**
   * Round robin: the website's waiting conversations, oldest first, each to the available agent
   * with the fewest open conversations under the cap (ties: the one who got one longest ago).
   * One transaction under the website's advisory lock, so instances deciding at the same moment
   * take turns and nobody gets a conversation twice. Stops when nobody has room.
   */
  offer(websiteId: string, available: string[]): Promise<Change[]> {
    return this.db.transaction(async (tx) => {
      await tx.rows(`SELECT pg_advisory_xact_lock(hashtextextended('zendo:round-robin:' || $1, 0))`, [websiteId]);
      const website = await tx.one<{ mode: string; cap: number | null }>(
        `SELECT assignment_mode AS mode, max_open_per_agent AS cap FROM websites WHERE id = $1`,
        [websiteId],
      );
      if (website?.mode !== 'round_robin' || available.length === 0) return [];
      const agents = await tx.rows<{ id: string; name: string; open: number; last: Date | null }>(
        `SELECT wm.agent_id AS id, a.name, wm.last_assigned_at AS last,
                (SELECT count(*)::int FROM conversations c
                  WHERE c.website_id = wm.website_id AND c.assignee_id = wm.agent_id AND c.status = 'open') AS open
         FROM website_members wm JOIN agents a ON a.id = wm.agent_id
         WHERE wm.website_id = $1 AND wm.agent_id = ANY ($2::uuid[])`,
        [websiteId, available],
      );
      const cap = website.cap ?? Number.POSITIVE_INFINITY;
      const room = agents.reduce((sum, a) => sum + Math.max(0, cap - a.open), 0);
      if (room === 0) return [];
      const waiting = await tx.rows<{ id: string }>(
        `SELECT id FROM conversations
         WHERE website_id = $1 AND status = 'open' AND assignee_id IS NULL
         ORDER BY queued_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [websiteId, Math.min(room, 1000)],
      );
      const changes: Change[] = [];
      for (const { id } of waiting) {
        const next = agents
          .filter((a) => a.open < cap)
          .sort(
            (a, b) =>
              a.open - b.open || (a.last?.getTime() ?? 0) - (b.last?.getTime() ?? 0) || a.id.localeCompare(b.id),
          )[0];
        if (!next) break;
        await this.setAssignee(tx, websiteId, id, next.id);
        next.open += 1;
        next.last = new Date();
        changes.push(await this.record(tx, id, { kind: 'assigned', by: null, to: next.name }));
      }
      return changes;
    });
  }

  private async setAssignee(tx: Sql, websiteId: string, conversationId: string, assigneeId: string | null) {
    await tx.rows(
      `UPDATE conversations SET assignee_id = $2,
         queued_at = CASE WHEN $2::uuid IS NULL AND status = 'open' THEN clock_timestamp() END
       WHERE id = $1`,
      [conversationId, assigneeId],
    );
    if (assigneeId) {
      await tx.rows(
        `UPDATE website_members SET last_assigned_at = clock_timestamp() WHERE website_id = $1 AND agent_id = $2`,
        [websiteId, assigneeId],
      );
    }
  }

  /** Writes the system message of a change and reads the conversation as it now is. */
  private async record(tx: Sql, conversationId: string, happening: Happening): Promise<Change> {
    const [outcome] = await writeAppends(tx, [
      {
        conversationId,
        sender: { type: 'system', id: null },
        message: { clientMessageId: randomUUID(), body: systemText(happening) },
        whenClosed: 'refuse',
      },
    ]);
    if (!outcome.ok) throw outcome.error;
    const row = await tx.one<ConversationRow>(`SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.id = $1`, [
      conversationId,
    ]);
    return { conversation: toConversation(row!), message: outcome.value.message };
  }

  private async nameOf(tx: Sql, agentId: string): Promise<string> {
    return (await this.namesOf(tx, [agentId])).get(agentId) ?? 'An agent';
  }

  private async namesOf(tx: Sql, ids: (string | null)[]): Promise<Map<string, string>> {
    const wanted = ids.filter((id): id is string => id !== null);
    const rows = await tx.rows<{ id: string; name: string }>(
      'SELECT id, name FROM agents WHERE id = ANY ($1::uuid[])',
      [wanted],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
