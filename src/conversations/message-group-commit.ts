import type { Pool } from 'pg';
import { NewMessage, Sender } from './conversation.types';
import { ConversationError } from './conversations.errors';
import { AppendResult, CONVERSATION_COLUMNS, MessageRow, WhenClosed, toMessage } from './conversation-rows';

export interface AppendRequest {
  conversationId: string;
  sender: Sender;
  message: NewMessage;
  whenClosed: WhenClosed;
}

interface Queued extends AppendRequest {
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

export interface GroupCommitOptions {
  /** Appends stored by one statement at most. */
  maxBatch: number;
  /** Batch statements running at once, each on its own connection. */
  maxInFlight: number;
}

type Outcome = 'new' | 'again' | 'stored' | 'closed' | 'not_found';

type OutcomeRow = Partial<MessageRow> & {
  ord: number;
  outcome: Outcome;
  /** The conversation as the batch found it (null for not_found and closed). */
  website_id: string | null;
  visitor_id: string | null;
  was_closed: boolean | null;
  was_last_seq: number | null;
};

/**
 * A whole batch of appends in one statement, so one round trip and one commit (the statement is
 * its own transaction; with synchronous_commit on it returns once the commit is durable). The
 * appends are decided in arrival order (`ord`), exactly as one-at-a-time appends would be:
 *
 * - `locked`: the batch's conversations, row-locked in id order (two batches never deadlock).
 *   last_seq is read from the locked row, so it is the committed value of any writer we waited for.
 * - `scoped`: appends whose sender may write there (a member of its website, or its visitor);
 *   the others are NOT_FOUND, as scopeOf decides for a single append.
 * - `stored`: clientMessageIds already in the conversation: the stored message is the answer.
 * - `acceptable`: a closed conversation refuses agents (CONVERSATION_CLOSED) until a visitor's
 *   message, earlier in the batch, reopens it.
 * - `fresh`: the first acceptable copy of each clientMessageId; later copies get it back.
 * - seqs are last_seq + 1, + 2 … in arrival order, inserted, and last_seq moves to the highest.
 *
 * The statement is prepared once and runs on a generic plan, which cannot know the batch is small:
 * every table is reached by key only (= ANY of an array, correlated subqueries, LATERAL … LIMIT 1),
 * never by a join the planner could turn into a scan of a whole table.
 *
 * A replay stored by a writer we waited on is not visible to `stored` (the statement's snapshot
 * predates the wait); the unique key then fails the statement and the batch is retried one by one.
 */
const APPEND_SQL = `
  WITH input AS (
    SELECT * FROM json_to_recordset($1::json) AS i(
      ord int, conversation_id uuid, sender_type text, sender_id uuid, client_message_id uuid, body text, reopens boolean)
  ),
  locked AS MATERIALIZED (
    SELECT ${CONVERSATION_COLUMNS} FROM conversations c
    WHERE c.id = ANY (ARRAY(SELECT conversation_id FROM input)) ORDER BY c.id FOR UPDATE OF c
  ),
  scoped AS (
    SELECT i.*, l.status, l.last_seq FROM input i JOIN locked l ON l.id = i.conversation_id
    WHERE CASE i.sender_type
      WHEN 'visitor' THEN l.visitor_id = i.sender_id
      WHEN 'agent' THEN (
        SELECT true FROM website_members wm WHERE wm.website_id = l.website_id AND wm.agent_id = i.sender_id)
      ELSE true END
  ),
  stored AS (
    SELECT s.ord, m.* FROM scoped s
    CROSS JOIN LATERAL (
      SELECT m.id, m.conversation_id, m.seq, m.client_message_id, m.sender_type, m.sender_visitor_id,
             m.sender_agent_id, m.body, m.created_at
      FROM messages m
      WHERE m.conversation_id = s.conversation_id AND m.client_message_id = s.client_message_id
      LIMIT 1) m
  ),
  candidates AS (
    SELECT s.* FROM scoped s WHERE NOT EXISTS (SELECT 1 FROM stored st WHERE st.ord = s.ord)
  ),
  acceptable AS (
    SELECT c.* FROM candidates c
    WHERE c.status = 'open' OR c.reopens
       OR c.ord > (SELECT min(r.ord) FROM candidates r WHERE r.conversation_id = c.conversation_id AND r.reopens)
  ),
  fresh AS (
    SELECT f.*, f.last_seq + row_number() OVER (PARTITION BY f.conversation_id ORDER BY f.ord) AS seq
    FROM (SELECT DISTINCT ON (conversation_id, client_message_id) * FROM acceptable
          ORDER BY conversation_id, client_message_id, ord) f
  ),
  inserted AS (
    INSERT INTO messages (conversation_id, seq, client_message_id, sender_type, sender_visitor_id, sender_agent_id, body)
    SELECT conversation_id, seq, client_message_id, sender_type,
           CASE WHEN sender_type = 'visitor' THEN sender_id END,
           CASE WHEN sender_type = 'agent' THEN sender_id END, body
    FROM fresh
    RETURNING id, conversation_id, seq, client_message_id, sender_type, sender_visitor_id, sender_agent_id, body, created_at
  ),
  bumped AS (  -- a data-modifying CTE runs whether or not anything reads it
    UPDATE conversations c
    SET last_seq = (SELECT max(f.seq) FROM fresh f WHERE f.conversation_id = c.id),
        last_message_at = now(), status = 'open', closed_at = NULL
    WHERE c.id = ANY (ARRAY(SELECT conversation_id FROM fresh))
    RETURNING c.id
  ),
  answers AS (
    SELECT i.ord, i.conversation_id,
      CASE
        WHEN s.ord IS NULL THEN 'not_found'
        WHEN st.id IS NOT NULL THEN 'stored'
        WHEN f.ord = i.ord THEN 'new'
        WHEN f.ord < i.ord THEN 'again'
        ELSE 'closed'
      END AS outcome,
      COALESCE(st.id, ins.id) AS message_id
    FROM input i
    LEFT JOIN scoped s ON s.ord = i.ord
    LEFT JOIN stored st ON st.ord = i.ord
    LEFT JOIN fresh f ON f.conversation_id = i.conversation_id AND f.client_message_id = i.client_message_id
    LEFT JOIN inserted ins ON ins.conversation_id = i.conversation_id AND ins.client_message_id = i.client_message_id
  ),
  answered AS (
    SELECT id, conversation_id, seq, client_message_id, sender_type, sender_visitor_id, sender_agent_id, body, created_at
    FROM inserted
    UNION ALL
    SELECT DISTINCT ON (id) id, conversation_id, seq, client_message_id, sender_type, sender_visitor_id, sender_agent_id,
           body, created_at
    FROM stored
  )
  SELECT a.ord, a.outcome, m.id, m.conversation_id, m.seq, m.client_message_id, m.sender_type, m.sender_visitor_id,
         m.sender_agent_id, m.body, m.created_at,
         COALESCE((SELECT ag.name FROM agents ag WHERE ag.id = m.sender_agent_id),
                  (SELECT v.name FROM visitors v WHERE v.id = m.sender_visitor_id)) AS sender_name,
         l.website_id, l.visitor_id, l.status = 'closed' AS was_closed, l.last_seq AS was_last_seq
  FROM answers a
  LEFT JOIN answered m ON m.id = a.message_id
  LEFT JOIN locked l ON l.id = a.conversation_id`;

/**
 * Group commit for message appends. Appends that arrive while earlier ones are being written wait,
 * then go together in one statement (APPEND_SQL): one round trip, one durable commit for all of
 * them. Nobody hears back before that commit, so an acknowledged message is stored, and seqs stay
 * gapless because a conversation's row stays locked from the seq count to the commit.
 *
 * A conversation is in at most one running batch of this process, so batches here never wait on
 * each other's locks and a sender's messages keep their order. At low load a batch is a single
 * append, sent at once; under load batches grow and commits per second stay few. If a batch
 * fails as a whole (a constraint these checks do not foresee, a lost connection), each of its
 * appends is retried alone, so one bad append cannot take the others down; should the batch have
 * committed after all, the retries find its messages and answer them as replays.
 */
export class MessageGroupCommit {
  private queue: Queued[] = [];
  private readonly busy = new Set<string>();
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly pool: () => Pool,
    private readonly alone: (request: AppendRequest) => Promise<AppendResult>,
    private readonly options: GroupCommitOptions,
  ) {}

  /**
   * Resolves once nothing is queued or being written (or after `timeoutMs`): at shutdown, before
   * the pool closes, so appends already accepted are stored and answered rather than failed.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (this.queue.length > 0 || this.inFlight > 0) {
      if (Date.now() >= until) return false;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return true;
  }

  append(request: AppendRequest): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ ...request, resolve, reject });
      this.schedule();
    });
  }

  /** Gathers what arrives in the same turn of the event loop before starting a batch. */
  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.startBatches();
    });
  }

  private startBatches(): void {
    while (this.inFlight < this.options.maxInFlight) {
      const batch = this.takeBatch();
      if (batch.length === 0) return;
      this.inFlight += 1;
      const conversations = new Set(batch.map((r) => r.conversationId));
      conversations.forEach((id) => this.busy.add(id));
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        conversations.forEach((id) => this.busy.delete(id));
        this.inFlight -= 1;
      };
      void this.run(batch, () => {
        // Committed: the next batch goes to the database now, so its round trip overlaps with
        // this batch's acks and broadcasts instead of waiting for them.
        finish();
        this.startBatches();
      }).finally(() => {
        finish();
        this.schedule();
      });
    }
  }

  /** Queued appends whose conversation is not in a running batch, oldest first. */
  private takeBatch(): Queued[] {
    const batch: Queued[] = [];
    const rest: Queued[] = [];
    for (const request of this.queue) {
      if (batch.length < this.options.maxBatch && !this.busy.has(request.conversationId)) batch.push(request);
      else rest.push(request);
    }
    this.queue = rest;
    return batch;
  }

  private async run(batch: Queued[], committed: () => void): Promise<void> {
    let rows: OutcomeRow[];
    try {
      rows = await this.store(batch);
    } catch {
      // Each append on its own: the ones that can be stored are, the bad one fails alone.
      await Promise.all(
        batch.map((request) => this.alone(request).then(request.resolve, (error: unknown) => request.reject(error))),
      );
      return;
    }
    committed();
    for (const row of rows) {
      const request = batch[row.ord - 1];
      try {
        this.answer(request, row);
      } catch (error) {
        request.reject(error);
      }
    }
  }

  private async store(batch: Queued[]): Promise<OutcomeRow[]> {
    // One JSON parameter rather than arrays: the planner cannot size it, so the prepared
    // statement settles on one generic plan instead of being planned again for every batch.
    const input = batch.map((r, i) => ({
      ord: i + 1,
      conversation_id: r.conversationId,
      sender_type: r.sender.type,
      sender_id: r.sender.id,
      client_message_id: r.message.clientMessageId,
      body: r.message.body,
      reopens: r.whenClosed === 'reopen',
    }));
    const result = await this.pool().query<OutcomeRow>({
      name: 'zendo_append_batch',
      text: APPEND_SQL,
      values: [JSON.stringify(input)],
    });
    if (result.rows.length !== batch.length) throw new Error('the batch did not answer every append');
    return result.rows;
  }

  private answer(request: Queued, row: OutcomeRow): void {
    if (row.outcome === 'not_found') return request.reject(new ConversationError('NOT_FOUND'));
    if (row.outcome === 'closed') return request.reject(new ConversationError('CONVERSATION_CLOSED'));
    request.resolve({
      message: toMessage(row as MessageRow),
      conversation: { id: request.conversationId, websiteId: row.website_id!, visitorId: row.visitor_id! },
      created: row.outcome === 'new',
      reopened: row.outcome === 'new' && row.was_closed === true && row.seq === row.was_last_seq! + 1,
    });
  }
}
