import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The visitor's side:
 * - `messages.attachments`: the files a message carries, as `[{id, name, type, size}]` (the bytes
 *   live in the attachment store, keyed by conversation and attachment id);
 * - `conversations.visitor_read_seq`: how far the visitor has read, for read receipts;
 * - a satisfaction rating per conversation (1–5, an optional comment), asked for when the website
 *   has `csat_enabled`;
 * - `websites.locale`: the widget's language, `auto` (the browser's) or one of those it ships.
 */
export class VisitorSide1764000600000 implements MigrationInterface {
  name = 'VisitorSide1764000600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messages ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]'`);
    // A message may be a file alone; a deleted one keeps neither body nor files.
    await q.query(`ALTER TABLE messages DROP CONSTRAINT messages_body_check`);
    await q.query(`
      ALTER TABLE messages ADD CONSTRAINT messages_body_check CHECK (CASE
        WHEN deleted_at IS NULL THEN char_length(body) <= 5000 AND (body <> '' OR jsonb_array_length(attachments) > 0)
        ELSE body = '' AND attachments = '[]' END)`);
    await q.query(`
      ALTER TABLE conversations
        ADD COLUMN visitor_read_seq integer NOT NULL DEFAULT 0 CHECK (visitor_read_seq >= 0),
        ADD COLUMN rating_score smallint CHECK (rating_score BETWEEN 1 AND 5),
        ADD COLUMN rating_comment varchar(1000),
        ADD COLUMN rated_at timestamptz,
        ADD CONSTRAINT conversations_rating_whole CHECK ((rating_score IS NULL) = (rated_at IS NULL))`);
    await q.query(
      `CREATE INDEX conversations_rated_idx ON conversations (website_id, rated_at) WHERE rated_at IS NOT NULL`,
    );
    await q.query(`
      ALTER TABLE websites
        ADD COLUMN locale varchar(8) NOT NULL DEFAULT 'auto'
          CHECK (locale IN ('auto', 'en', 'de', 'fr', 'es', 'pt-BR', 'ar')),
        ADD COLUMN csat_enabled boolean NOT NULL DEFAULT true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE websites DROP COLUMN csat_enabled, DROP COLUMN locale`);
    await q.query(`DROP INDEX conversations_rated_idx`);
    await q.query(`
      ALTER TABLE conversations DROP CONSTRAINT conversations_rating_whole,
        DROP COLUMN rated_at, DROP COLUMN rating_comment, DROP COLUMN rating_score, DROP COLUMN visitor_read_seq`);
    await q.query(`UPDATE messages SET body = '[file]' WHERE body = '' AND deleted_at IS NULL`);
    await q.query(`ALTER TABLE messages DROP CONSTRAINT messages_body_check`);
    await q.query(`ALTER TABLE messages DROP COLUMN attachments`);
    await q.query(`
      ALTER TABLE messages ADD CONSTRAINT messages_body_check
        CHECK (CASE WHEN deleted_at IS NULL THEN char_length(body) BETWEEN 1 AND 5000 ELSE body = '' END)`);
  }
}
