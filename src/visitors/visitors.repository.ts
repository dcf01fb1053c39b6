import { Injectable } from '@nestjs/common';
import { Db, Sql } from '../database/db';

export interface VisitorRow {
  id: string;
  website_id: string;
  name: string | null;
  email: string | null;
  user_id: string | null;
  page_url: string | null;
  page_title: string | null;
  created_at: Date;
  last_seen_at: Date;
  erased_at: Date | null;
}

const COLUMNS = 'id, website_id, name, email, user_id, page_url, page_title, created_at, last_seen_at, erased_at';
const V_COLUMNS = COLUMNS.split(', ')
  .map((c) => `v.${c}`)
  .join(', ');

export interface Page {
  url?: string;
  title?: string;
}

/**
 * Visitor ids for ($1 website ids, $2 token hashes in hex), numbered by position. Each token is a
 * LATERAL lookup by primary key of its own (the LIMIT keeps PostgreSQL from flattening it into a
 * join). As a plain join, and as a named statement whose plan was cached while the tables were
 * small, PostgreSQL scanned every visitor for a batch of 50: 25–45 ms a batch where the lookups
 * take 0.5–1 ms, which held a reconnect storm's handshakes in line behind it.
 */
export const VISITOR_IDS_BY_TOKENS = `SELECT r.i::int AS i, x.id
  FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS r(website_id, token_hex, i)
  CROSS JOIN LATERAL (
    SELECT v.id FROM visitor_tokens t JOIN visitors v ON v.id = t.visitor_id AND v.erased_at IS NULL
    WHERE t.token_hash = decode(r.token_hex, 'hex') AND t.website_id = r.website_id AND t.expires_at > now()
    LIMIT 1
  ) x`;

/**
 * Visitors and their device tokens. A visitor may hold several tokens (one per browser, once a
 * verified user id ties the devices together); a token names exactly one visitor of one website.
 * Erased visitors keep their row (so history reads "erased") but no token finds them.
 */
@Injectable()
export class VisitorsRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async create(
    websiteId: string,
    tokenHash: Buffer,
    expiresAt: Date,
    page: Page,
    userId: string | null = null,
  ): Promise<VisitorRow | undefined> {
    const rows = await this.db.rows<VisitorRow>(
      `WITH v AS (
         INSERT INTO visitors (website_id, page_url, page_title, user_id) VALUES ($1, $4, $5, $6)
         ON CONFLICT (website_id, user_id) WHERE user_id IS NOT NULL DO NOTHING
         RETURNING ${COLUMNS}),
       t AS (INSERT INTO visitor_tokens (token_hash, visitor_id, website_id, expires_at)
             SELECT $2, id, website_id, $3 FROM v
             -- a device of one verified user signing in as another: its token moves to the new one
             ON CONFLICT (token_hash) DO UPDATE SET visitor_id = EXCLUDED.visitor_id, expires_at = EXCLUDED.expires_at)
       SELECT * FROM v`,
      [websiteId, tokenHash, expiresAt, page.url ?? null, page.title ?? null, userId],
    );
    return rows[0];
  }

  /** The live visitor holding this token on this website; a token of another website finds nothing. */
  async findByToken(websiteId: string, tokenHash: Buffer): Promise<VisitorRow | undefined> {
    const rows = await this.db.rows<VisitorRow>(
      `SELECT ${V_COLUMNS} FROM visitor_tokens t JOIN visitors v ON v.id = t.visitor_id
       WHERE t.website_id = $1 AND t.token_hash = $2 AND t.expires_at > now() AND v.erased_at IS NULL`,
      [websiteId, tokenHash],
    );
    return rows[0];
  }

  /** `findByToken` for many at once (the handshake's batches): the visitor ids, null where none, in order. */
  async visitorIdsByTokens(lookups: { websiteId: string; tokenHash: Buffer }[]): Promise<(string | null)[]> {
    if (lookups.length === 0) return [];
    // Unnamed on purpose: planned for each batch (~0.5 ms), never a plan cached while the tables were small.
    const rows = await this.db.rows<{ i: number; id: string }>(VISITOR_IDS_BY_TOKENS, [
      lookups.map((l) => l.websiteId),
      lookups.map((l) => l.tokenHash.toString('hex')),
    ]);
    const ids: (string | null)[] = lookups.map(() => null);
    for (const row of rows) ids[row.i - 1] = row.id;
    return ids;
  }

  /** For widget calls that carry only the token: the token alone names the visitor and so the website. */
  async findByTokenOnly(tokenHash: Buffer): Promise<VisitorRow | undefined> {
    const rows = await this.db.rows<VisitorRow>(
      `SELECT ${V_COLUMNS} FROM visitor_tokens t JOIN visitors v ON v.id = t.visitor_id
       WHERE t.token_hash = $1 AND t.expires_at > now() AND v.erased_at IS NULL`,
      [tokenHash],
    );
    return rows[0];
  }

  async findByUserId(websiteId: string, userId: string, tx: Sql = this.db): Promise<VisitorRow | undefined> {
    const rows = await tx.rows<VisitorRow>(
      `SELECT ${COLUMNS} FROM visitors WHERE website_id = $1 AND user_id = $2 AND erased_at IS NULL`,
      [websiteId, userId],
    );
    return rows[0];
  }

  /** A returning visitor's token lives on (sliding expiry); the page they are on, when known, is kept. */
  async touch(id: string, tokenHash: Buffer, expiresAt: Date, page: Page): Promise<void> {
    await this.db.rows(
      `WITH t AS (UPDATE visitor_tokens SET expires_at = $3 WHERE token_hash = $2)
       UPDATE visitors SET last_seen_at = now(),
         page_url = COALESCE($4, page_url), page_title = CASE WHEN $4::text IS NULL THEN page_title ELSE $5 END
       WHERE id = $1`,
      [id, tokenHash, expiresAt, page.url ?? null, page.title ?? null],
    );
  }

  /** One more device of a visitor (a verified user id seen on a new browser), or a token moved to them. */
  async bindToken(visitor: VisitorRow, tokenHash: Buffer, expiresAt: Date, tx: Sql = this.db): Promise<void> {
    await tx.rows(
      `INSERT INTO visitor_tokens (token_hash, visitor_id, website_id, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (token_hash) DO UPDATE SET visitor_id = EXCLUDED.visitor_id, expires_at = EXCLUDED.expires_at`,
      [tokenHash, visitor.id, visitor.website_id, expiresAt],
    );
  }

  /** An anonymous visitor becomes the verified user `userId` (null when that user id is taken). */
  async claimUserId(tx: Sql, visitorId: string, userId: string): Promise<VisitorRow | undefined> {
    const rows = await tx.rows<VisitorRow>(
      `UPDATE visitors SET user_id = $2
       WHERE id = $1 AND user_id IS NULL
         AND NOT EXISTS (SELECT 1 FROM visitors o WHERE o.website_id = visitors.website_id AND o.user_id = $2)
       RETURNING ${COLUMNS}`,
      [visitorId, userId],
    );
    return rows[0];
  }

  /**
   * An anonymous visitor's conversations, and the tokens of their devices, move to the verified
   * visitor they turned out to be; the anonymous row stays behind, empty.
   */
  async mergeInto(tx: Sql, fromId: string, into: VisitorRow): Promise<void> {
    // messages follow their conversation's visitor (ON UPDATE CASCADE)
    await tx.rows('UPDATE conversations SET visitor_id = $2 WHERE visitor_id = $1 AND website_id = $3', [
      fromId,
      into.id,
      into.website_id,
    ]);
    await tx.rows('UPDATE visitor_tokens SET visitor_id = $2 WHERE visitor_id = $1', [fromId, into.id]);
  }

  async identify(
    id: string,
    name: string | null | undefined,
    email: string | null | undefined,
    tx: Sql = this.db,
  ): Promise<VisitorRow> {
    const rows = await tx.rows<VisitorRow>(
      `UPDATE visitors SET
         name = CASE WHEN $2::boolean THEN $3 ELSE name END,
         email = CASE WHEN $4::boolean THEN $5 ELSE email END
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, name !== undefined, name ?? null, email !== undefined, email ?? null],
    );
    return rows[0];
  }

  async findInWebsite(websiteId: string, visitorId: string, tx: Sql = this.db): Promise<VisitorRow | undefined> {
    const rows = await tx.rows<VisitorRow>(`SELECT ${COLUMNS} FROM visitors WHERE website_id = $1 AND id = $2`, [
      websiteId,
      visitorId,
    ]);
    return rows[0];
  }

  /**
   * Erasure: name, email, user id and pages gone; the bodies of everything they wrote redacted in
   * place (no seq gap); their tokens and pending mail to them deleted. The row stays as "erased".
   */
  async erase(
    tx: Sql,
    websiteId: string,
    visitorId: string,
  ): Promise<{ messages: number; files: { conversationId: string; id: string }[] } | null> {
    const rows = await tx.rows<{ id: string }>(
      `UPDATE visitors SET name = NULL, email = NULL, user_id = NULL, page_url = NULL, page_title = NULL,
         erased_at = now(), unsubscribed_at = COALESCE(unsubscribed_at, now())
       WHERE website_id = $1 AND id = $2 AND erased_at IS NULL RETURNING id`,
      [websiteId, visitorId],
    );
    if (rows.length === 0) return null;
    await tx.rows('DELETE FROM visitor_tokens WHERE visitor_id = $1', [visitorId]);
    const redacted = await tx.rows<{ conversation_id: string; attachments: { id: string }[] }>(
      `UPDATE messages m SET body = '', attachments = '[]', deleted_at = COALESCE(m.deleted_at, now())
       FROM (SELECT id, attachments FROM messages
             WHERE sender_type = 'visitor' AND sender_visitor_id = $1 AND deleted_at IS NULL) old
       WHERE m.id = old.id RETURNING m.conversation_id, old.attachments`,
      [visitorId],
    );
    await tx.rows(
      `UPDATE conversations SET page_url = NULL, page_title = NULL WHERE website_id = $1 AND visitor_id = $2`,
      [websiteId, visitorId],
    );
    await tx.rows(
      `DELETE FROM outbox WHERE kind = 'visitor-missed' AND sent_at IS NULL
         AND payload->>'conversationId' IN (SELECT id::text FROM conversations WHERE visitor_id = $1)`,
      [visitorId],
    );
    return {
      messages: redacted.length,
      files: redacted.flatMap((r) => r.attachments.map((a) => ({ conversationId: r.conversation_id, id: a.id }))),
    };
  }

  /** Everything stored about a visitor: their record, conversations and every message in them. */
  async export(websiteId: string, visitorId: string) {
    const visitor = await this.findInWebsite(websiteId, visitorId);
    if (!visitor) return null;
    const conversations = await this.db.rows<Record<string, unknown>>(
      `SELECT c.id, c.status, c.created_at, c.closed_at, c.last_message_at, c.tags, c.page_url, c.page_title,
              COALESCE((SELECT json_agg(json_build_object(
                  'seq', m.seq, 'sender', m.sender_type, 'body', m.body, 'createdAt', m.created_at,
                  'deletedAt', m.deleted_at) ORDER BY m.seq)
                FROM messages m WHERE m.conversation_id = c.id), '[]') AS messages
       FROM conversations c WHERE c.website_id = $1 AND c.visitor_id = $2 AND c.deleted_at IS NULL
       ORDER BY c.created_at`,
      [websiteId, visitorId],
    );
    const devices = await this.db.rows<{ created_at: Date; expires_at: Date }>(
      'SELECT created_at, expires_at FROM visitor_tokens WHERE visitor_id = $1 ORDER BY created_at',
      [visitorId],
    );
    return { visitor, conversations, devices };
  }
}
