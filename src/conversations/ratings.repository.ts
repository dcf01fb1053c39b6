import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';
import { isMember } from '../websites/membership';
import { CONVERSATION_COLUMNS, ConversationRow, toConversation } from './conversation-rows';
import { Conversation } from './conversation.types';
import { ConversationError } from './conversations.errors';

export interface CsatReport {
  count: number;
  average: number | null;
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
}

/** Satisfaction ratings: one per closed conversation, given by its visitor; the website's report. */
@Injectable()
export class RatingsRepository {
  constructor(private readonly db: Db) {}

  /** Stores the visitor's rating once; explains a refusal (NOT_FOUND, CONVERSATION_OPEN, ALREADY_RATED, RATINGS_OFF). */
  async rate(visitorId: string, conversationId: string, score: number, comment: string | null): Promise<Conversation> {
    const rows = await this.db.rows<ConversationRow>(
      `UPDATE conversations c SET rating_score = $3, rating_comment = $4, rated_at = now()
       FROM websites w
       WHERE c.id = $1 AND c.visitor_id = $2 AND c.deleted_at IS NULL AND w.id = c.website_id
         AND c.status = 'closed' AND c.rated_at IS NULL AND w.csat_enabled
       RETURNING ${CONVERSATION_COLUMNS}`,
      [conversationId, visitorId, score, comment],
    );
    if (rows[0]) return toConversation(rows[0]);
    const [found] = await this.db.rows<{ status: string; rated: boolean; enabled: boolean }>(
      `SELECT c.status, c.rated_at IS NOT NULL AS rated, w.csat_enabled AS enabled
       FROM conversations c JOIN websites w ON w.id = c.website_id
       WHERE c.id = $1 AND c.visitor_id = $2 AND c.deleted_at IS NULL`,
      [conversationId, visitorId],
    );
    if (!found) throw new ConversationError('NOT_FOUND');
    if (found.rated) throw new ConversationError('ALREADY_RATED');
    if (found.status !== 'closed') throw new ConversationError('CONVERSATION_OPEN');
    throw new ConversationError('RATINGS_OFF');
  }

  /** Ratings given in [from, to) on the agent's website; undefined when they are not a member. */
  async report(agentId: string, websiteId: string, from?: Date, to?: Date): Promise<CsatReport | undefined> {
    const rows = await this.db.rows<{ member: boolean; score: number | null; n: number }>(
      `SELECT ${isMember('$1', '$2')} AS member, r.score, r.n FROM (SELECT 1) one
       LEFT JOIN (
         SELECT rating_score AS score, count(*)::int AS n FROM conversations
         WHERE website_id = $1 AND rated_at IS NOT NULL AND deleted_at IS NULL
           AND ($3::timestamptz IS NULL OR rated_at >= $3) AND ($4::timestamptz IS NULL OR rated_at < $4)
           AND ${isMember('$1', '$2')}
         GROUP BY rating_score
       ) r ON true`,
      [websiteId, agentId, from ?? null, to ?? null],
    );
    if (!rows[0]?.member) return undefined;
    const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
    let count = 0;
    let total = 0;
    for (const row of rows) {
      if (row.score === null) continue;
      distribution[String(row.score) as keyof typeof distribution] = row.n;
      count += row.n;
      total += row.n * row.score;
    }
    return { count, average: count ? Math.round((total / count) * 100) / 100 : null, distribution };
  }
}
