import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agent tools and reaching people who are away:
 * - canned responses and the tag catalogue, per website, unique case-insensitively; a
 *   conversation's `tags` stay the list of its tag names, found through a GIN index;
 * - full-text search: a stored tsvector per message, language-neutral (`simple`, every word as
 *   written) plus English stems, under a GIN index; visitor names and emails by prefix through
 *   btree indexes on lower();
 * - where a conversation started (page URL and title), business hours and an offline greeting;
 * - email: agents' notification preference, visitors who unsubscribed, and the durable outbox
 *   (at most one pending notification per key: a partial unique index).
 */
export class AgentTools1764000400000 implements MigrationInterface {
  name = 'AgentTools1764000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE canned_responses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        website_id uuid NOT NULL REFERENCES websites (id) ON DELETE CASCADE,
        shortcut varchar(32) NOT NULL CHECK (shortcut ~ '^[A-Za-z0-9_-]{1,32}$'),
        title varchar(100),
        body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 5000),
        created_by uuid REFERENCES agents (id) ON DELETE SET NULL,
        updated_by uuid REFERENCES agents (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX canned_responses_shortcut_key ON canned_responses (website_id, lower(shortcut))`,
    );
    await q.query(`
      CREATE TABLE tags (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        website_id uuid NOT NULL REFERENCES websites (id) ON DELETE CASCADE,
        name varchar(40) NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 40),
        color varchar(7) CHECK (color ~ '^#[0-9a-fA-F]{6}$'),
        created_by uuid REFERENCES agents (id) ON DELETE SET NULL,
        updated_by uuid REFERENCES agents (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX tags_name_key ON tags (website_id, lower(name))`);
    await q.query(`CREATE INDEX conversations_tags_idx ON conversations USING gin (tags)`);
    // Newest first across statuses (the inbox's "all", and search's common words).
    await q.query(
      `CREATE INDEX conversations_activity_idx ON conversations (website_id, last_message_at DESC, id DESC)`,
    );
    for (const table of ['canned_responses', 'tags']) {
      await q.query(
        `CREATE TRIGGER ${table}_touch BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION zendo_touch_updated_at()`,
      );
    }

    await q.query(`
      ALTER TABLE messages ADD COLUMN search tsvector
        GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, body) || to_tsvector('english'::regconfig, body)) STORED`);
    await q.query(`CREATE INDEX messages_search_idx ON messages USING gin (search)`);
    await q.query(`CREATE INDEX visitors_name_prefix_idx ON visitors (website_id, lower(name) text_pattern_ops)`);
    await q.query(`CREATE INDEX visitors_email_prefix_idx ON visitors (website_id, lower(email) text_pattern_ops)`);

    await q.query(`
      ALTER TABLE conversations ADD COLUMN page_url varchar(2048), ADD COLUMN page_title varchar(300)`);
    await q.query(`
      ALTER TABLE visitors ADD COLUMN page_url varchar(2048), ADD COLUMN page_title varchar(300),
        ADD COLUMN unsubscribed_at timestamptz`);
    await q.query(`ALTER TABLE websites ADD COLUMN business_hours jsonb, ADD COLUMN offline_greeting varchar(500)`);
    await q.query(`
      ALTER TABLE agents ADD COLUMN notify_email varchar(8) NOT NULL DEFAULT 'all'
        CHECK (notify_email IN ('all', 'assigned', 'none'))`);

    await q.query(`
      CREATE TABLE outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(32) NOT NULL,
        dedupe_key text NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        run_at timestamptz NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        sent_at timestamptz,
        failed_at timestamptz,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX outbox_pending_key ON outbox (dedupe_key) WHERE sent_at IS NULL AND failed_at IS NULL`,
    );
    await q.query(`CREATE INDEX outbox_due_idx ON outbox (run_at) WHERE sent_at IS NULL AND failed_at IS NULL`);
    await q.query(`CREATE INDEX outbox_sent_idx ON outbox (dedupe_key, sent_at DESC) WHERE sent_at IS NOT NULL`);
    await q.query(
      `CREATE TRIGGER outbox_touch BEFORE UPDATE ON outbox FOR EACH ROW EXECUTE FUNCTION zendo_touch_updated_at()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox`);
    await q.query(`ALTER TABLE agents DROP COLUMN notify_email`);
    await q.query(`ALTER TABLE websites DROP COLUMN business_hours, DROP COLUMN offline_greeting`);
    await q.query(`ALTER TABLE visitors DROP COLUMN page_url, DROP COLUMN page_title, DROP COLUMN unsubscribed_at`);
    await q.query(`ALTER TABLE conversations DROP COLUMN page_url, DROP COLUMN page_title`);
    await q.query(`DROP INDEX visitors_email_prefix_idx`);
    await q.query(`DROP INDEX visitors_name_prefix_idx`);
    await q.query(`DROP INDEX messages_search_idx`);
    await q.query(`ALTER TABLE messages DROP COLUMN search`);
    await q.query(`DROP INDEX conversations_activity_idx`);
    await q.query(`DROP INDEX conversations_tags_idx`);
    await q.query(`DROP TABLE tags`);
    await q.query(`DROP TABLE canned_responses`);
  }
}
