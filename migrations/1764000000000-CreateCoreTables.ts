import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The core schema. Delete rules, on purpose:
 * - a website owns its members, visitors, conversations and messages: deleting a website
 *   CASCADEs through all of them (a tenant leaving takes its data along);
 * - an agent's memberships and refresh tokens CASCADE with the agent, but messages an agent
 *   wrote RESTRICT the agent's deletion: history must keep its author, so agents are
 *   deactivated, never deleted, once they have spoken;
 * - a conversation's assignee is SET NULL when the assignee leaves the website;
 * - a visitor owns its conversations (CASCADE), so erasing a visitor erases their chats.
 * Tenant consistency lives in composite keys, not only in code: a conversation's visitor
 * must belong to the conversation's website, its assignee must be a member of that website,
 * and a visitor message's sender must be the conversation's own visitor.
 */
export class CreateCoreTables1764000000000 implements MigrationInterface {
  name = 'CreateCoreTables1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION zendo_touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.updated_at := now();
        RETURN NEW;
      END $$`);

    await q.query(`
      CREATE TABLE agents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL,
        name varchar(100) NOT NULL,
        password_hash varchar(100) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agents_email_trimmed CHECK (email = btrim(email) AND email <> '')
      )`);
    await q.query(`CREATE UNIQUE INDEX agents_email_lower_key ON agents (lower(email))`);

    await q.query(`
      CREATE TABLE websites (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL,
        key varchar(64) NOT NULL UNIQUE,
        previous_key varchar(64) UNIQUE,
        previous_key_expires_at timestamptz,
        allowed_origins text[] NOT NULL DEFAULT '{}',
        settings jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT websites_previous_key_expiry CHECK ((previous_key IS NULL) = (previous_key_expires_at IS NULL))
      )`);

    await q.query(`
      CREATE TABLE website_members (
        website_id uuid NOT NULL REFERENCES websites (id) ON DELETE CASCADE,
        agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        role varchar(8) NOT NULL CHECK (role IN ('owner', 'admin', 'agent')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (website_id, agent_id)
      )`);
    await q.query(`CREATE INDEX website_members_agent_idx ON website_members (agent_id)`);

    await q.query(`
      CREATE TABLE visitors (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        website_id uuid NOT NULL REFERENCES websites (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL CHECK (octet_length(token_hash) = 32),
        token_expires_at timestamptz NOT NULL,
        name varchar(100),
        email varchar(254),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT visitors_website_id_key UNIQUE (website_id, id)
      )`);
    await q.query(`CREATE UNIQUE INDEX visitors_website_token_key ON visitors (website_id, token_hash)`);

    await q.query(`
      CREATE TABLE conversations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        website_id uuid NOT NULL REFERENCES websites (id) ON DELETE CASCADE,
        visitor_id uuid NOT NULL,
        status varchar(8) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        assignee_id uuid,
        last_seq integer NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
        last_message_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        tags text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT conversations_visitor_same_website FOREIGN KEY (website_id, visitor_id)
          REFERENCES visitors (website_id, id) ON DELETE CASCADE,
        CONSTRAINT conversations_assignee_is_member FOREIGN KEY (website_id, assignee_id)
          REFERENCES website_members (website_id, agent_id) ON DELETE SET NULL (assignee_id),
        CONSTRAINT conversations_closed_at CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
        CONSTRAINT conversations_id_visitor_key UNIQUE (id, visitor_id)
      )`);
    await q.query(
      `CREATE INDEX conversations_inbox_idx ON conversations (website_id, status, last_message_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX conversations_visitor_idx ON conversations (visitor_id, last_message_at DESC)`);
    await q.query(
      `CREATE INDEX conversations_assignee_idx ON conversations (assignee_id) WHERE assignee_id IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        seq integer NOT NULL CHECK (seq > 0),
        client_message_id uuid NOT NULL,
        sender_type varchar(8) NOT NULL CHECK (sender_type IN ('visitor', 'agent', 'system')),
        sender_visitor_id uuid,
        sender_agent_id uuid REFERENCES agents (id) ON DELETE RESTRICT,
        body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 5000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT messages_conversation_seq_key UNIQUE (conversation_id, seq),
        CONSTRAINT messages_conversation_client_message_key UNIQUE (conversation_id, client_message_id),
        CONSTRAINT messages_visitor_is_conversations FOREIGN KEY (conversation_id, sender_visitor_id)
          REFERENCES conversations (id, visitor_id) ON DELETE CASCADE,
        CONSTRAINT messages_one_sender CHECK (
          (sender_type = 'visitor' AND sender_visitor_id IS NOT NULL AND sender_agent_id IS NULL)
          OR (sender_type = 'agent' AND sender_agent_id IS NOT NULL AND sender_visitor_id IS NULL)
          OR (sender_type = 'system' AND sender_agent_id IS NULL AND sender_visitor_id IS NULL)
        )
      )`);
    await q.query(
      `CREATE INDEX messages_sender_agent_idx ON messages (sender_agent_id) WHERE sender_agent_id IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);
    await q.query(`CREATE INDEX refresh_tokens_agent_idx ON refresh_tokens (agent_id)`);

    for (const table of [
      'agents',
      'websites',
      'website_members',
      'visitors',
      'conversations',
      'messages',
      'refresh_tokens',
    ]) {
      await q.query(
        `CREATE TRIGGER ${table}_touch BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION zendo_touch_updated_at()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'refresh_tokens',
      'messages',
      'conversations',
      'visitors',
      'website_members',
      'websites',
      'agents',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION zendo_touch_updated_at()`);
  }
}
