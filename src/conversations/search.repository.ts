import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';
import { isMember } from '../websites/membership';
import { CONVERSATION_COLUMNS, ConversationRow, TAGGED_WITH, toConversation } from './conversation-rows';
import { Conversation } from './conversation.types';
import {
  HEADLINE_OPTIONS,
  HEADLINE_SOURCE,
  highlightsOf,
  prefixPattern,
  TSQUERY,
  WHOLE_SNIPPET_MAX,
} from './search-text';

export interface SearchFilter {
  q: string;
  status?: 'open' | 'closed';
  /** An agent id, or 'none'. */
  assignee?: string;
  tags?: string[];
  from?: Date;
  to?: Date;
  offset: number;
  limit: number;
}

export interface SearchResult {
  conversation: Conversation;
  visitor: { id: string; name: string | null; email: string | null };
  hits: { messageId: string; seq: number; snippet: string; highlights: [number, number][] }[];
}

/** Messages matched per conversation, shown as hits. */
const HITS_PER_CONVERSATION = 3;
/** A visitor matched by name or email ranks like a good message match. */
const VISITOR_RANK = 0.5;
/**
 * How a query is answered depends on how dense its matches are in the website: among the newest
 * RECENT_WINDOW conversations (under the filters), at least DENSE_MATCHES matching makes it
 * "common". Ranking a common word would read most of a website's history, so its conversations
 * are taken newest first instead, each checked for a match, which fills a page after a few dozen.
 * Otherwise every match is found through the GIN index and ranked. The test reads at most the
 * window (a few thousand messages through the conversation index, never the GIN posting list of
 * a common word) and does not depend on the page, so every page of one search is in one order.
 */
const RECENT_WINDOW = 160;
const DENSE_MATCHES = 8;

/**
 * Search over every message a website's conversations ever held, and its visitors by name and email
 * prefix (see search-text.ts). Best matches first (ts_rank of a conversation's best message),
 * then the newest activity; for common words, newest first (see RECENT_WINDOW). Snippets are made
 * for the page only.
 */
@Injectable()
export class SearchRepository {
  constructor(private readonly db: Db) {}

  async search(
    agentId: string,
    websiteId: string,
    filter: SearchFilter,
  ): Promise<{ items: SearchResult[]; more: boolean }> {
    const params: unknown[] = [agentId, websiteId, filter.q, prefixPattern(filter.q)];
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
    const conversationFilter = where.join(' AND ');
    const filterParams = [...params];
    params.push(filter.limit + 1, filter.offset);
    // A conversation matches: a message of it, or its visitor by prefix (`c`, `v` and `query.q` in scope).
    const matches = `(lower(v.name) LIKE $4 OR lower(v.email) LIKE $4 OR EXISTS (
             SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.sender_type <> 'system' AND m.search @@ query.q))`;
    const common = await this.isCommon(conversationFilter, matches, filterParams);
    const rows = await this.db.rows<
      ConversationRow & { rank: number; v_name: string | null; v_email: string | null; v_id: string }
    >(
      common
        ? `WITH query AS (SELECT ${TSQUERY('$3')} AS q)
           SELECT ${CONVERSATION_COLUMNS}, 0 AS rank, v.id AS v_id, v.name AS v_name, v.email AS v_email
           FROM conversations c JOIN visitors v ON v.id = c.visitor_id CROSS JOIN query
           WHERE ${conversationFilter} AND ${matches}
           ORDER BY c.last_message_at DESC, c.id DESC
           LIMIT $${params.length - 1} OFFSET $${params.length}`
        : // Few matches: their conversations are looked up by primary key (`= ANY (ARRAY(…))`), not
          // found by reading every conversation of the website, whatever the planner guesses of a rare word.
          `WITH query AS (SELECT ${TSQUERY('$3')} AS q),
       found AS MATERIALIZED (
         SELECT m.conversation_id, max(ts_rank(m.search, query.q)) AS rank
         FROM messages m CROSS JOIN query
         WHERE m.search @@ query.q AND m.sender_type <> 'system'
         GROUP BY m.conversation_id
       ),
       matched AS (
         SELECT f.conversation_id, f.rank FROM found f JOIN conversations c ON c.id = f.conversation_id
         WHERE c.id = ANY (ARRAY(SELECT conversation_id FROM found)) AND ${conversationFilter}
         UNION ALL
         SELECT c.id, ${VISITOR_RANK}::real
         FROM conversations c JOIN visitors v ON v.id = c.visitor_id
         WHERE v.website_id = $2 AND (lower(v.name) LIKE $4 OR lower(v.email) LIKE $4) AND ${conversationFilter}
       ),
       ranked AS (SELECT conversation_id, max(rank) AS rank FROM matched GROUP BY conversation_id)
       SELECT ${CONVERSATION_COLUMNS}, r.rank, v.id AS v_id, v.name AS v_name, v.email AS v_email
       FROM ranked r JOIN conversations c ON c.id = r.conversation_id JOIN visitors v ON v.id = c.visitor_id
       ORDER BY r.rank DESC, c.last_message_at DESC, c.id DESC
       LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    const page = rows.slice(0, filter.limit);
    const hits = await this.hitsOf(
      page.map((r) => r.id),
      filter.q,
    );
    return {
      items: page.map((row) => ({
        conversation: toConversation(row),
        visitor: { id: row.v_id, name: row.v_name, email: row.v_email },
        hits: hits.get(row.id) ?? [],
      })),
      more: rows.length > filter.limit,
    };
  }

  /** At least DENSE_MATCHES of the newest RECENT_WINDOW conversations (under the filters) match. */
  private async isCommon(conversationFilter: string, matches: string, params: unknown[]): Promise<boolean> {
    const row = await this.db.one<{ n: number }>(
      `WITH query AS (SELECT ${TSQUERY('$3')} AS q)
       SELECT count(*)::int AS n FROM (
         SELECT 1 FROM (
           SELECT c.id, c.visitor_id FROM conversations c WHERE ${conversationFilter}
           ORDER BY c.last_message_at DESC, c.id DESC LIMIT ${RECENT_WINDOW}
         ) c JOIN visitors v ON v.id = c.visitor_id CROSS JOIN query
         WHERE ${matches}
         LIMIT ${DENSE_MATCHES}
       ) x`,
      params,
    );
    return row!.n >= DENSE_MATCHES;
  }

  /** The best few matched messages of each conversation, with their snippets. */
  private async hitsOf(conversationIds: string[], q: string): Promise<Map<string, SearchResult['hits']>> {
    const result = new Map<string, SearchResult['hits']>();
    if (conversationIds.length === 0) return result;
    const rows = await this.db.rows<{ conversation_id: string; id: string; seq: number; headline: string }>(
      `WITH query AS (SELECT ${TSQUERY('$2')} AS q)
       SELECT h.conversation_id, h.id, h.seq,
              ts_headline('english'::regconfig, ${HEADLINE_SOURCE('h.body')}, query.q,
                CASE WHEN char_length(h.body) <= ${WHOLE_SNIPPET_MAX} THEN '${HEADLINE_OPTIONS.whole}'
                     ELSE '${HEADLINE_OPTIONS.fragments}' END) AS headline
       FROM query, LATERAL unnest($1::uuid[]) AS conv(id)
       CROSS JOIN LATERAL (
         SELECT m.conversation_id, m.id, m.seq, m.body FROM messages m
         WHERE m.conversation_id = conv.id AND m.search @@ query.q AND m.sender_type <> 'system'
         ORDER BY ts_rank(m.search, query.q) DESC, m.seq DESC LIMIT ${HITS_PER_CONVERSATION}
       ) h`,
      [conversationIds, q],
    );
    for (const row of rows) {
      const list = result.get(row.conversation_id) ?? [];
      list.push({ messageId: row.id, seq: row.seq, ...highlightsOf(row.headline) });
      result.set(row.conversation_id, list);
    }
    return result;
  }
}
