import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The conversations' tags index holds tagged conversations only (`WHERE tags <> '{}'`).
 *
 * Every message moves its conversation's `last_message_at`, which three other indexes order by, so
 * the conversation's row is written anew and every index on it gains an entry, the GIN index on
 * `tags` too, however few tags change. An untagged conversation (most of them while they are being
 * answered) has nothing to find there, and now costs that index nothing: in an append probe at
 * 1,000 messages a second the write-ahead log lost 10,000 GIN metapage records per 10,000 messages
 * (1.7 MB, 6% of it). Queries that filter on tags say `tags <> '{}'` as well, which is what lets
 * the planner use the partial index (`TAGGED_WITH` in `conversation-rows.ts`).
 */
export class TagsIndexTaggedOnly1764001200000 implements MigrationInterface {
  name = 'TagsIndexTaggedOnly1764001200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX conversations_tags_idx`);
    await q.query(`CREATE INDEX conversations_tags_idx ON conversations USING gin (tags) WHERE tags <> '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX conversations_tags_idx`);
    await q.query(`CREATE INDEX conversations_tags_idx ON conversations USING gin (tags)`);
  }
}
