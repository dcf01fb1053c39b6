import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trust:
 * - `website_keys`: every rotated-out widget key, each with its own end of grace (a second
 *   rotation no longer ends the first old key);
 * - refresh-token families carry when they started, for an absolute session lifetime;
 * - `email_tokens`: email verification and password reset, stored hashed, used once;
 * - soft deletion of conversations, redaction of messages (an empty body with `deleted_at`, no seq
 *   gap), retention per website, erased visitors;
 * - verified visitor identity: a secret per website, one visitor per verified user id, and a token
 *   per device (`visitor_tokens`), so a user on two devices is one visitor;
 * - `audit_events`, written in the transaction of what they record; who created and changed a website;
 * - `scheduled_jobs`: when a cluster-wide job last ran, so it runs once per cluster and period.
 */
export class Trust1764000500000 implements MigrationInterface {
  name = 'Trust1764000500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE website_keys (
        key varchar(64) PRIMARY KEY,
        website_id uuid NOT NULL REFERENCES websites (id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX website_keys_website_idx ON website_keys (website_id)`);
    await q.query(`
      INSERT INTO website_keys (key, website_id, expires_at)
      SELECT previous_key, id, previous_key_expires_at FROM websites WHERE previous_key IS NOT NULL`);
    await q.query(`ALTER TABLE websites DROP CONSTRAINT websites_previous_key_expiry`);
    await q.query(`ALTER TABLE websites DROP COLUMN previous_key, DROP COLUMN previous_key_expires_at`);
    await q.query(`
      ALTER TABLE websites
        ADD COLUMN retention_days integer CHECK (retention_days BETWEEN 1 AND 3650),
        ADD COLUMN require_verified_identity boolean NOT NULL DEFAULT false,
        ADD COLUMN identity_secret varchar(100),
        ADD COLUMN created_by uuid REFERENCES agents (id) ON DELETE SET NULL,
        ADD COLUMN updated_by uuid REFERENCES agents (id) ON DELETE SET NULL`);
    await q.query(`ALTER TABLE website_members ADD COLUMN created_by uuid REFERENCES agents (id) ON DELETE SET NULL`);

    await q.query(`ALTER TABLE refresh_tokens ADD COLUMN family_started_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`
      CREATE TABLE email_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        purpose varchar(16) NOT NULL CHECK (purpose IN ('verify', 'reset')),
        email varchar(254) NOT NULL,
        token_hash bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX email_tokens_agent_idx ON email_tokens (agent_id)`);

    await q.query(`ALTER TABLE conversations ADD COLUMN deleted_at timestamptz`);
    await q.query(`ALTER TABLE messages ADD COLUMN deleted_at timestamptz`);
    await q.query(`ALTER TABLE messages DROP CONSTRAINT messages_body_check`);
    await q.query(`
      ALTER TABLE messages ADD CONSTRAINT messages_body_check
        CHECK (CASE WHEN deleted_at IS NULL THEN char_length(body) BETWEEN 1 AND 5000 ELSE body = '' END)`);
    await q.query(`CREATE INDEX conversations_deleted_idx ON conversations (deleted_at) WHERE deleted_at IS NOT NULL`);
    await q.query(
      `CREATE INDEX conversations_closed_idx ON conversations (website_id, closed_at) WHERE status = 'closed'`,
    );

    await q.query(`ALTER TABLE visitors ADD COLUMN user_id varchar(200), ADD COLUMN erased_at timestamptz`);
    await q.query(`CREATE UNIQUE INDEX visitors_user_key ON visitors (website_id, user_id) WHERE user_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE visitor_tokens (
        token_hash bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
        visitor_id uuid NOT NULL REFERENCES visitors (id) ON DELETE CASCADE,
        website_id uuid NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (website_id, visitor_id) REFERENCES visitors (website_id, id) ON DELETE CASCADE
      )`);
    // Merging an anonymous visitor into their verified self moves conversations; messages follow.
    await q.query(`ALTER TABLE messages DROP CONSTRAINT messages_visitor_is_conversations`);
    await q.query(`
      ALTER TABLE messages ADD CONSTRAINT messages_visitor_is_conversations
        FOREIGN KEY (conversation_id, sender_visitor_id) REFERENCES conversations (id, visitor_id)
        ON DELETE CASCADE ON UPDATE CASCADE`);
    await q.query(`CREATE INDEX visitor_tokens_visitor_idx ON visitor_tokens (visitor_id)`);
    await q.query(`
      INSERT INTO visitor_tokens (token_hash, visitor_id, website_id, expires_at)
      SELECT token_hash, id, website_id, token_expires_at FROM visitors`);
    await q.query(`DROP INDEX visitors_website_token_key`);
    await q.query(`ALTER TABLE visitors DROP COLUMN token_hash, DROP COLUMN token_expires_at`);

    await q.query(`
      CREATE TABLE audit_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        website_id uuid NOT NULL REFERENCES websites (id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_type varchar(8) NOT NULL CHECK (actor_type IN ('agent', 'visitor', 'system')),
        actor_id uuid,
        actor_name varchar(100),
        action varchar(48) NOT NULL,
        target_type varchar(24),
        target_id uuid,
        ip varchar(64),
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    // Cluster-wide jobs (the retention purge): when each last ran, read and written under an advisory lock.
    await q.query(`CREATE TABLE scheduled_jobs (name varchar(48) PRIMARY KEY, last_run_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX audit_events_website_idx ON audit_events (website_id, at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE scheduled_jobs`);
    await q.query(`DROP TABLE audit_events`);
    // Back to one token per visitor: the newest; visitors without one (erased) get a dead token.
    await q.query(`ALTER TABLE visitors ADD COLUMN token_hash bytea, ADD COLUMN token_expires_at timestamptz`);
    await q.query(`
      UPDATE visitors v SET token_hash = t.token_hash, token_expires_at = t.expires_at
      FROM (SELECT DISTINCT ON (visitor_id) visitor_id, token_hash, expires_at FROM visitor_tokens
            ORDER BY visitor_id, created_at DESC) t
      WHERE t.visitor_id = v.id`);
    await q.query(`
      UPDATE visitors SET token_hash = sha256(convert_to(id::text, 'UTF8')), token_expires_at = now()
      WHERE token_hash IS NULL`);
    await q.query(`
      ALTER TABLE visitors ALTER COLUMN token_hash SET NOT NULL, ALTER COLUMN token_expires_at SET NOT NULL,
        ADD CONSTRAINT visitors_token_hash_check CHECK (octet_length(token_hash) = 32)`);
    await q.query(`CREATE UNIQUE INDEX visitors_website_token_key ON visitors (website_id, token_hash)`);
    await q.query(`CREATE INDEX visitors_token_idx ON visitors (token_hash)`);
    await q.query(`DROP TABLE visitor_tokens`);
    await q.query(`DROP INDEX visitors_user_key`);
    await q.query(`ALTER TABLE visitors DROP COLUMN user_id, DROP COLUMN erased_at`);
    await q.query(`DROP INDEX conversations_closed_idx`);
    await q.query(`DROP INDEX conversations_deleted_idx`);
    await q.query(`DELETE FROM messages WHERE deleted_at IS NOT NULL`);
    await q.query(`ALTER TABLE messages DROP CONSTRAINT messages_body_check`);
    await q.query(
      `ALTER TABLE messages ADD CONSTRAINT messages_body_check CHECK (char_length(body) BETWEEN 1 AND 5000)`,
    );
    await q.query(`ALTER TABLE messages DROP COLUMN deleted_at`);
    await q.query(`ALTER TABLE conversations DROP COLUMN deleted_at`);
    await q.query(`DROP TABLE email_tokens`);
    await q.query(`ALTER TABLE refresh_tokens DROP COLUMN family_started_at`);
    await q.query(`ALTER TABLE website_members DROP COLUMN created_by`);
    await q.query(`
      ALTER TABLE websites DROP COLUMN retention_days, DROP COLUMN require_verified_identity,
        DROP COLUMN identity_secret, DROP COLUMN created_by, DROP COLUMN updated_by`);
    await q.query(
      `ALTER TABLE websites ADD COLUMN previous_key varchar(64) UNIQUE, ADD COLUMN previous_key_expires_at timestamptz`,
    );
    await q.query(`
      ALTER TABLE websites ADD CONSTRAINT websites_previous_key_expiry
        CHECK ((previous_key IS NULL) = (previous_key_expires_at IS NULL))`);
    await q.query(`DROP TABLE website_keys`);
  }
}
