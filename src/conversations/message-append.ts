import type { Outcome } from '../database/batcher';
import type { Sql } from '../database/db';
import { isMember } from '../websites/membership';
import { AppendVerdict, judgeAppend, WhenClosed } from './conversation-rules';
import { CONVERSATION_COLUMNS, MessageRow, toMessage } from './conversation-rows';
import type { AppendResult, NewMessage, Sender } from './conversation.types';

export interface AppendRequest {
  conversationId: string;
  sender: Sender;
  message: NewMessage;
  whenClosed: WhenClosed;
}

type VerdictRow = Partial<MessageRow> & {
  ord: number;
  outcome: AppendVerdict;
  /** The conversation as the statement found it (null when it was not found). */
  website_id: string | null;
  visitor_id: string | null;
  was_closed: boolean | null;
  was_last_seq: number | null;
};

/**
 * Every append, alone or hundreds together, is this one statement (its own transaction when run
 * on the pool; with synchronous_commit on it returns once the commit is durable). The appends are
 * decided in arrival order (`ord`), exactly as one at a time would be:
 *
 * - `locked`: the conversations, row-locked in id order (two statements never deadlock).
 *   last_seq is read from the locked row, so it is the committed value of any writer we waited for.
 * - `scoped`: appends whose sender may write there (a member of its website, or its visitor);
 *   the others are NOT_FOUND.
 * - `stored`: clientMessageIds already in the conversation: the stored message is the answer.
 * - `candidates`: under the website's reply policy `assignee`, an agent writes only into a
 *   conversation they hold (an unassigned one is `unclaimed`: the service claims it first).
 * - `acceptable`: a closed conversation refuses agents (CONVERSATION_CLOSED) until a visitor's
 *   message, earlier in the batch, reopens it; system messages (a close, an assignment) always go in.
 * - `fresh`: the first acceptable copy of each clientMessageId; later copies get it back.
 * - seqs are last_seq + 1, + 2 … in arrival order, inserted, and last_seq moves to the highest; a
 *   visitor's message reopens, and a reopened unassigned conversation joins the assignment queue.
 *
 * The statement is prepared once and runs on a generic plan, which cannot know the batch is small:
 * every table is reached by key only (= ANY of an array, correlated subqueries, LATERAL … LIMIT 1),
 * never by a join the planner could turn into a scan of a whole table.
 *
 * A replay stored by a writer we waited on is not visible to `stored` (the statement's snapshot
 * predates the wait); the unique key then fails the statement, and the batcher writes the halves
 * of the batch again until the replay is alone, when it is found as `stored`.
 */
const APPEND_SQL = `
  WITH input AS (
    SELECT * FROM json_to_recordset($1::json) AS i(
      ord int, conversation_id uuid, sender_type text, sender_id uuid, client_message_id uuid, body text, reopens boolean,
      attachments jsonb)
  ),
  locked AS MATERIALIZED (
    SELECT ${CONVERSATION_COLUMNS}, w.reply_policy FROM conversations c JOIN websites w ON w.id = c.website_id
    WHERE c.id = ANY (ARRAY(SELECT conversation_id FROM input)) AND c.deleted_at IS NULL ORDER BY c.id FOR UPDATE OF c
  ),
  scoped AS (
    SELECT i.*, l.status, l.last_seq, l.assignee_id, l.reply_policy FROM input i JOIN locked l ON l.id = i.conversation_id
    WHERE CASE i.sender_type
      WHEN 'visitor' THEN l.visitor_id = i.sender_id
      WHEN 'agent' THEN ${isMember('l.website_id', 'i.sender_id')}
      ELSE true END
  ),
  stored AS (
    SELECT s.ord, m.* FROM scoped s
    CROSS JOIN LATERAL (
      SELECT m.id, m.conversation_id, m.seq, m.client_message_id, m.sender_type, m.sender_visitor_id,
             m.sender_agent_id, m.body, m.created_at, m.deleted_at, m.attachments
      FROM messages m
      WHERE m.conversation_id = s.conversation_id AND m.client_message_id = s.client_message_id
      LIMIT 1) m
  ),
  candidates AS (
    SELECT s.* FROM scoped s
    WHERE NOT EXISTS (SELECT 1 FROM stored st WHERE st.ord = s.ord)
      AND NOT (s.sender_type = 'agent' AND s.reply_policy = 'assignee' AND s.assignee_id IS DISTINCT FROM s.sender_id)
  ),
  acceptable AS (
    SELECT c.* FROM candidates c
    WHERE c.status = 'open' OR c.reopens OR c.sender_type = 'system'
       OR c.ord > (SELECT min(r.ord) FROM candidates r WHERE r.conversation_id = c.conversation_id AND r.reopens)
  ),
  fresh AS (
    SELECT f.*, f.last_seq + row_number() OVER (PARTITION BY f.conversation_id ORDER BY f.ord) AS seq
    FROM (SELECT DISTINCT ON (conversation_id, client_message_id) * FROM acceptable
          ORDER BY conversation_id, client_message_id, ord) f
  ),
  inserted AS (
    INSERT INTO messages (conversation_id, seq, client_message_id, sender_type, sender_visitor_id, sender_agent_id, body,
                          attachments)
    SELECT conversation_id, seq, client_message_id, sender_type,
           CASE WHEN sender_type = 'visitor' THEN sender_id END,
           CASE WHEN sender_type = 'agent' THEN sender_id END, body, COALESCE(attachments, '[]')
    FROM fresh
    RETURNING id, conversation_id, seq, client_message_id, sender_type, sender_visitor_id, sender_agent_id, body, created_at,
              deleted_at, attachments
  ),
  per_conversation AS (
    SELECT conversation_id, max(seq) AS last_seq, bool_or(reopens) AS reopens FROM fresh GROUP BY conversation_id
  ),
  bumped AS (  -- a data-modifying CTE runs whether or not anything reads it
    UPDATE conversations c
    SET last_seq = p.last_seq, last_message_at = now(),
        status = CASE WHEN p.reopens THEN 'open' ELSE c.status END,
        closed_at = CASE WHEN p.reopens THEN NULL ELSE c.closed_at END,
        queued_at = CASE WHEN p.reopens AND c.status = 'closed' AND c.assignee_id IS NULL THEN clock_timestamp()
                         ELSE c.queued_at END
    FROM per_conversation p
    WHERE c.id = ANY (ARRAY(SELECT conversation_id FROM fresh)) AND p.conversation_id = c.id
    RETURNING c.id
  ),
  answers AS (
    SELECT i.ord, i.conversation_id,
      CASE
        WHEN s.ord IS NULL THEN 'not_found'
        WHEN st.id IS NOT NULL THEN 'stored'
        WHEN f.ord = i.ord THEN 'new'
        WHEN f.ord < i.ord THEN 'again'
        WHEN s.sender_type = 'agent' AND s.reply_policy = 'assignee' AND s.assignee_id IS NULL THEN 'unclaimed'
        WHEN s.sender_type = 'agent' AND s.reply_policy = 'assignee' AND s.assignee_id <> s.sender_id THEN 'not_assignee'
        ELSE 'closed'
      END AS outcome,
      m.*
    FROM input i
    LEFT JOIN scoped s ON s.ord = i.ord
    LEFT JOIN stored st ON st.ord = i.ord
    LEFT JOIN fresh f ON f.conversation_id = i.conversation_id AND f.client_message_id = i.client_message_id
    LEFT JOIN inserted ins ON ins.conversation_id = i.conversation_id AND ins.client_message_id = i.client_message_id
    -- The answer's message: the stored one, else the one inserted for its clientMessageId. Taken
    -- from the rows already joined, so no join (which a generic plan may make quadratic) is needed.
    LEFT JOIN LATERAL (
      SELECT st.id, st.seq, st.client_message_id, st.sender_type, st.sender_visitor_id, st.sender_agent_id, st.body,
             st.created_at, st.deleted_at, st.attachments
      WHERE st.id IS NOT NULL
      UNION ALL
      SELECT ins.id, ins.seq, ins.client_message_id, ins.sender_type, ins.sender_visitor_id, ins.sender_agent_id, ins.body,
             ins.created_at, ins.deleted_at, ins.attachments
      WHERE st.id IS NULL AND ins.id IS NOT NULL
    ) m ON true
  )
  SELECT a.ord, a.outcome, a.id, CASE WHEN a.id IS NOT NULL THEN a.conversation_id END AS conversation_id, a.seq,
         a.client_message_id, a.sender_type, a.sender_visitor_id, a.sender_agent_id, a.body, a.created_at, a.deleted_at,
         a.attachments,
         COALESCE((SELECT ag.name FROM agents ag WHERE ag.id = a.sender_agent_id),
                  (SELECT v.name FROM visitors v WHERE v.id = a.sender_visitor_id)) AS sender_name,
         l.website_id, l.visitor_id, l.status = 'closed' AS was_closed, l.last_seq AS was_last_seq
  FROM answers a
  LEFT JOIN locked l ON l.id = a.conversation_id
  ORDER BY a.ord`;

/** Runs the append statement for `requests` on `sql` (the pool, or a caller's transaction). */
export async function writeAppends(sql: Sql, requests: AppendRequest[]): Promise<Outcome<AppendResult>[]> {
  // One JSON parameter rather than arrays: the planner cannot size it, so the prepared
  // statement settles on one generic plan instead of being planned again for every batch.
  const input = requests.map((r, i) => ({
    ord: i + 1,
    conversation_id: r.conversationId,
    sender_type: r.sender.type,
    sender_id: r.sender.id,
    client_message_id: r.message.clientMessageId,
    body: r.message.body,
    reopens: r.whenClosed === 'reopen',
    ...(r.message.attachments?.length ? { attachments: r.message.attachments } : {}),
  }));
  const rows = await sql.run<VerdictRow>({ name: 'zendo_append', text: APPEND_SQL, values: [JSON.stringify(input)] });
  return rows.map((row) => {
    try {
      const { created, reopened } = judgeAppend(
        row.outcome,
        { wasClosed: row.was_closed, lastSeq: row.was_last_seq },
        row.seq ?? null,
      );
      const conversation = {
        id: requests[row.ord - 1].conversationId,
        websiteId: row.website_id!,
        visitorId: row.visitor_id!,
      };
      return { ok: true as const, value: { message: toMessage(row as MessageRow), conversation, created, reopened } };
    } catch (error) {
      return { ok: false as const, error };
    }
  });
}
