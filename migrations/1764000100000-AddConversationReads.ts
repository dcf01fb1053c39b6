import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-agent read position in a conversation, for unread counts in the inbox.
 * Both references CASCADE: a read marker means nothing without its agent or conversation.
 * Also an index on visitors.token_hash alone, for widget calls that carry only the token.
 */
export class AddConversationReads1764000100000 implements MigrationInterface {
  name = 'AddConversationReads1764000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE conversation_reads (
        conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        last_read_seq integer NOT NULL DEFAULT 0 CHECK (last_read_seq >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (conversation_id, agent_id)
      )`);
    await q.query(`CREATE INDEX conversation_reads_agent_idx ON conversation_reads (agent_id)`);
    await q.query(
      `CREATE TRIGGER conversation_reads_touch BEFORE UPDATE ON conversation_reads FOR EACH ROW EXECUTE FUNCTION zendo_touch_updated_at()`,
    );
    await q.query(`CREATE INDEX visitors_token_idx ON visitors (token_hash)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX visitors_token_idx`);
    await q.query(`DROP TABLE conversation_reads`);
  }
}
