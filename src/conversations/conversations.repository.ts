import { BeforeApplicationShutdown, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Busy } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Batcher, RefusedBy } from '../database/batcher';
import { Db } from '../database/db';
import { MetricsService } from '../metrics/metrics.service';
import { WhenClosed } from './conversation-rules';
import { CONVERSATION_COLUMNS, ConversationRow, MessageRow, toConversation, toMessage } from './conversation-rows';
import { AppendResult, Conversation, Message, NewMessage, Sender } from './conversation.types';
import { stopwatch } from '../common/stopwatch';
import { ConversationError } from './conversations.errors';
import { AppendRequest, writeAppends } from './message-append';

/**
 * Appends stored by one statement at most. In each lane one batch is written at a time: appends
 * that arrive meanwhile make the next one bigger, which costs the database less per message than
 * many small batches. A conversation always goes to the same lane (APPEND_LANES of them, by its
 * id), so lanes never touch the same rows: no lock waits between them, and a conversation's
 * appends keep their order. Lanes let the statement's CPU and the commit's WAL flush of two
 * batches overlap; one lane is one PostgreSQL backend at most. The default is one lane: in the
 * throughput case one lane passed 3,200 msgs/s in three runs, two lanes 3,800, 3,800, 2,550 and,
 * once, stalled (acks stopped with no error logged, cause not found), so two are not yet better.
 */
const MAX_BATCH = 500;
/** Defaults of APPEND_QUEUE_MAX and APPEND_MAX_WAIT_MS (when built without the app's configuration). */
const QUEUE_MAX = 5000;
const MAX_WAIT_MS = 2000;
/** Defaults of APPEND_MAX_PREDICTED_MS and APPEND_OVERLOAD_AFTER_MS. */
const MAX_PREDICTED_MS = 15;
const OVERLOAD_AFTER_MS = 250;
/** Default of APPEND_LANES. */
const LANES = 1;
/** How long shutdown waits for queued appends to be written. */
const SHUTDOWN_DRAIN_MS = 5000;

/** SQLSTATE classes 22 (data exception) and 23 (integrity constraint): a row, not the database, is at fault. */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

const MESSAGE_WITH_SENDER = `
  SELECT m.id, m.conversation_id, m.seq, m.client_message_id, m.sender_type, m.sender_visitor_id,
         m.sender_agent_id, m.body, m.created_at, m.deleted_at, m.attachments,
         COALESCE(a.name, v.name) AS sender_name
  FROM messages m
  LEFT JOIN agents a ON a.id = m.sender_agent_id
  LEFT JOIN visitors v ON v.id = m.sender_visitor_id`;

export interface OpenResult {
  conversation: Conversation;
  message: Message | null;
  created: boolean;
  messageCreated: boolean;
}

/** Conversations and their messages: opening, appending (the hot path), history. */
@Injectable()
export class ConversationsRepository implements BeforeApplicationShutdown {
  private readonly lanes: Batcher<AppendRequest, AppendResult>[];
  private readonly queueMax: number;
  /** The answer to a refused append (BUSY, never written), counted by the bound that refused it. */
  private readonly refuse: (bound: RefusedBy) => Busy;

  /**
   * Overload is refused, not queued without end: past `appendQueueMax` waiting appends, after
   * `appendMaxWaitMs` in the queue, or (when set) when it is expected to take longer than
   * `appendMaxPredictedMs` once a standing queue has lasted `appendOverloadAfterMs`, an append is
   * refused BUSY (503 + Retry-After) and not stored.
   */
  constructor(
    private readonly db: Db,
    metrics: MetricsService,
    @Optional()
    @Inject(APP_CONFIG)
    config?: Pick<
      AppConfig,
      'appendQueueMax' | 'appendMaxWaitMs' | 'appendMaxPredictedMs' | 'appendOverloadAfterMs' | 'appendLanes'
    >,
  ) {
    const maxWaitMs = config?.appendMaxWaitMs ?? MAX_WAIT_MS;
    const maxPredictedMs = (config ? config.appendMaxPredictedMs : MAX_PREDICTED_MS) || undefined;
    const retryAfter = Math.max(1, Math.ceil(maxWaitMs / 1000));
    this.queueMax = config?.appendQueueMax ?? QUEUE_MAX;
    const lanes = config?.appendLanes ?? LANES;
    const { appendBatchSize, appendBatchDuration, appendDuration, appendRefused } = metrics;
    this.refuse = (bound) => (appendRefused.inc({ bound }), new Busy(retryAfter));
    const lane = () =>
      new Batcher<AppendRequest, AppendResult>((batch) => writeAppends(this.db, batch), {
        maxBatch: MAX_BATCH,
        isolate: isDataError,
        maxWaitMs,
        maxPredictedMs,
        standingMs: config?.appendOverloadAfterMs ?? OVERLOAD_AFTER_MS,
        refuse: this.refuse,
        observer: {
          written: (size, ms) => {
            appendBatchSize.observe(size);
            appendBatchDuration.observe(ms / 1000);
          },
          answered: (ms) => appendDuration.observe(ms / 1000),
        },
      });
    this.lanes = Array.from({ length: lanes }, lane);
    metrics.watchAppendQueue(() => this.appendQueueDepth);
  }

  /** Appends waiting for their batch (for metrics and tests). */
  get appendQueueDepth(): number {
    return this.lanes.reduce((sum, lane) => sum + lane.depth, 0);
  }

  /** The lane of a conversation: the last 8 hex digits of its id, modulo the lanes. */
  private laneOf(conversationId: string): Batcher<AppendRequest, AppendResult> {
    const n = this.lanes.length;
    return n === 1 ? this.lanes[0] : this.lanes[(parseInt(conversationId.slice(-8), 16) || 0) % n];
  }

  /** Runs before the pool closes (the database module closes it in onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    const elapsed = stopwatch();
    const drained = await Promise.all(this.lanes.map((lane) => lane.drain(SHUTDOWN_DRAIN_MS)));
    const logger = new Logger('Conversations');
    if (drained.includes(false)) logger.warn(`appends still queued after ${SHUTDOWN_DRAIN_MS} ms of shutdown`);
    else logger.log(`shutdown: appends drained in ${elapsed()} ms`);
  }

  /**
   * Appends one message: lock the conversation row, seq = last_seq + 1, insert, bump the
   * conversation, commit, then resolve. The row lock serialises writers of one conversation, so
   * seqs stay gapless; a clientMessageId already stored returns that message and writes nothing.
   * Concurrent appends share one statement and one commit (group commit).
   */
  appendMessage(conversationId: string, sender: Sender, message: NewMessage, whenClosed: WhenClosed) {
    // The queue bound is the instance's, over every lane.
    if (this.appendQueueDepth >= this.queueMax) return Promise.reject(this.refuse('depth'));
    return this.laneOf(conversationId).submit({ conversationId, sender, message, whenClosed });
  }

  /**
   * The visitor's open conversation, or a new one; with a first message, both in one
   * transaction. The visitor row lock makes concurrent opens of one visitor return one conversation.
   */
  openForVisitor(
    websiteId: string,
    visitorId: string,
    first?: NewMessage,
    page: { url?: string; title?: string } = {},
  ): Promise<OpenResult> {
    return this.db.transaction(async (tx) => {
      const visitor = await tx.one('SELECT id FROM visitors WHERE id = $1 AND website_id = $2 FOR UPDATE', [
        visitorId,
        websiteId,
      ]);
      if (!visitor) throw new ConversationError('NOT_FOUND', 'The visitor does not exist');
      let row = await tx.one<ConversationRow>(
        `SELECT ${CONVERSATION_COLUMNS} FROM conversations c
         WHERE c.visitor_id = $1 AND c.status = 'open' AND c.deleted_at IS NULL ORDER BY c.last_message_at DESC LIMIT 1 FOR UPDATE`,
        [visitorId],
      );
      const created = !row;
      row ??= await tx.one<ConversationRow>(
        `INSERT INTO conversations AS c (website_id, visitor_id, page_url, page_title)
         SELECT $1, $2, COALESCE($3, v.page_url), CASE WHEN $3::text IS NULL THEN v.page_title ELSE $4 END
         FROM visitors v WHERE v.id = $2
         RETURNING ${CONVERSATION_COLUMNS}`,
        [websiteId, visitorId, page.url ?? null, page.title ?? null],
      );
      const conversation = toConversation(row!);
      if (!first) return { conversation, message: null, created, messageCreated: false };
      // The same statement as every other append, inside this transaction.
      const sender: Sender = { type: 'visitor', id: visitorId };
      const [outcome] = await writeAppends(tx, [
        { conversationId: conversation.id, sender, message: first, whenClosed: 'reopen' },
      ]);
      if (!outcome.ok) throw outcome.error;
      const { message, created: messageCreated } = outcome.value;
      const lastSeq = Math.max(conversation.lastSeq, message.seq);
      return {
        conversation: {
          ...conversation,
          lastSeq,
          lastMessageAt: messageCreated ? message.createdAt : conversation.lastMessageAt,
        },
        message,
        created,
        messageCreated,
      };
    });
  }

  /** Messages in ascending seq: after `afterSeq`, or the latest page before `beforeSeq` (or the end). */
  async listMessages(
    conversationId: string,
    page: { afterSeq?: number; beforeSeq?: number; limit: number; withSystem?: boolean },
  ): Promise<{ messages: Message[]; hasMore: boolean }> {
    const kinds = page.withSystem === false ? `AND m.sender_type <> 'system'` : '';
    if (page.afterSeq !== undefined) {
      const rows = await this.db.rows<MessageRow>(
        `${MESSAGE_WITH_SENDER} WHERE m.conversation_id = $1 AND m.seq > $2 ${kinds} ORDER BY m.seq ASC LIMIT $3`,
        [conversationId, page.afterSeq, page.limit + 1],
      );
      return { messages: rows.slice(0, page.limit).map(toMessage), hasMore: rows.length > page.limit };
    }
    const rows = await this.db.rows<MessageRow>(
      `${MESSAGE_WITH_SENDER} WHERE m.conversation_id = $1 AND m.seq < $2 ${kinds} ORDER BY m.seq DESC LIMIT $3`,
      [conversationId, page.beforeSeq ?? 2_147_483_647, page.limit + 1],
    );
    return { messages: rows.slice(0, page.limit).reverse().map(toMessage), hasMore: rows.length > page.limit };
  }
}
