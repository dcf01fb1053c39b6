import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { TAGGED_WITH } from '../../src/conversations/conversation-rows';
import { migrate } from '../../src/database/database';
import { createDatabase, dropDatabase } from '../support/test-database';
import { Seed } from '../support/seed';

const tables = [
  'agents',
  'audit_events',
  'email_tokens',
  'scheduled_jobs',
  'visitor_tokens',
  'website_keys',
  'conversation_reads',
  'conversations',
  'invites',
  'messages',
  'refresh_tokens',
  'visitors',
  'website_members',
  'websites',
];

async function userTables(client: Client): Promise<string[]> {
  const { rows } = await client.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
  );
  return rows.map((r) => r.table_name);
}

describe('schema from migrations', () => {
  it('migrates up from zero, down to zero, and up again', async () => {
    const db = await createDatabase({ empty: true });
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      expect(await userTables(client)).toEqual([]);
      expect(await migrate(db.url, 'up')).toEqual([
        'CreateCoreTables1764000000000',
        'AddConversationReads1764000100000',
        'CreateInvites1764000200000',
        'TeamWork1764000300000',
        'AgentTools1764000400000',
        'Trust1764000500000',
        'VisitorSide1764000600000',
        'DemoWebsite1764000700000',
        'SearchWithoutPendingList1764000900000',
        'SearchSmallPendingList1764001000000',
        'SearchTinyPendingList1764001100000',
        'TagsIndexTaggedOnly1764001200000',
      ]);
      expect(await userTables(client)).toEqual(expect.arrayContaining(tables));
      expect(await migrate(db.url, 'up')).toEqual([]);
      // down, one migration at a time, until nothing is left
      for (let i = 0; i < 20 && (await migrate(db.url, 'down')).length > 0; i++);
      expect(await userTables(client)).toEqual([]);
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM pg_proc WHERE proname = 'zendo_touch_updated_at'`,
      );
      expect(rows[0].n).toBe(0);
      await migrate(db.url, 'up');
      expect(await userTables(client)).toEqual(expect.arrayContaining(tables));
    } finally {
      await client.end();
      await dropDatabase(db.name);
    }
  });

  it('indexes tagged conversations only, keeps the smallest search pending list, and steps both down', async () => {
    const db = await createDatabase({ empty: true });
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const options = async () =>
      (await client.query(`SELECT reloptions FROM pg_class WHERE relname = 'messages_search_idx'`)).rows[0].reloptions;
    const tagsIndex = async () =>
      (await client.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'conversations_tags_idx'`)).rows[0]
        .indexdef as string;
    try {
      await migrate(db.url, 'up');
      expect(await tagsIndex()).toMatch(/USING gin \(tags\) WHERE \(tags <> '\{\}'::text\[\]\)$/);
      // The tags filter the inbox, search and the tag catalogue use is one the partial index answers.
      await client.query('SET enable_seqscan = off');
      const plan = await client.query(
        `EXPLAIN SELECT c.id FROM conversations c WHERE ${TAGGED_WITH(`'{billing}'::text[]`)}`,
      );
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('conversations_tags_idx');
      expect(await options()).toEqual(expect.arrayContaining(['fastupdate=on', 'gin_pending_list_limit=64']));

      expect(await migrate(db.url, 'down')).toEqual(['reverted 1 of 12']);
      expect(await tagsIndex()).toMatch(/USING gin \(tags\)$/);
      expect(await migrate(db.url, 'down')).toEqual(['reverted 1 of 11']);
      expect(await options()).toEqual(expect.arrayContaining(['fastupdate=on', 'gin_pending_list_limit=512']));
    } finally {
      await client.end();
      await dropDatabase(db.name);
    }
  });

  describe('constraints', () => {
    let db: { name: string; url: string };
    let client: Client;
    let seed: Seed;

    beforeAll(async () => {
      db = await createDatabase();
      client = new Client({ connectionString: db.url });
      await client.connect();
      seed = new Seed(client);
    });
    afterAll(async () => {
      await client.end();
      await dropDatabase(db.name);
    });

    const insertMessage = (conversationId: string, extra: Record<string, unknown> = {}) => {
      const row = {
        conversation_id: conversationId,
        seq: 1,
        client_message_id: randomUUID(),
        sender_type: 'system',
        sender_visitor_id: null,
        sender_agent_id: null,
        body: 'hello',
        ...extra,
      };
      const columns = Object.keys(row);
      return client.query(
        `INSERT INTO messages (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
        Object.values(row),
      );
    };

    it('refuses a message for a conversation that does not exist', async () => {
      await expect(insertMessage(randomUUID())).rejects.toThrow(/foreign key/);
    });

    it('refuses a conversation whose visitor belongs to another website', async () => {
      const siteA = await seed.website();
      const siteB = await seed.website();
      const visitorOfB = await seed.visitor(siteB);
      await expect(seed.conversation(siteA, visitorOfB)).rejects.toThrow(/conversations_visitor_same_website/);
    });

    it('refuses an assignee who is not a member of the website', async () => {
      const site = await seed.website();
      const conversation = await seed.conversation(site, await seed.visitor(site));
      const outsider = await seed.agent();
      await expect(
        client.query('UPDATE conversations SET assignee_id = $1 WHERE id = $2', [outsider, conversation]),
      ).rejects.toThrow(/conversations_assignee_is_member/);
    });

    it('requires exactly one sender that matches the sender type', async () => {
      const site = await seed.website();
      const visitor = await seed.visitor(site);
      const conversation = await seed.conversation(site, visitor);
      const agent = await seed.agent();
      await expect(insertMessage(conversation, { sender_type: 'agent' })).rejects.toThrow(/messages_one_sender/);
      await expect(
        insertMessage(conversation, { sender_type: 'visitor', sender_visitor_id: visitor, sender_agent_id: agent }),
      ).rejects.toThrow(/messages_one_sender/);
      await expect(insertMessage(conversation, { sender_type: 'system', sender_agent_id: agent })).rejects.toThrow(
        /messages_one_sender/,
      );
      await expect(
        insertMessage(conversation, { sender_type: 'visitor', sender_visitor_id: visitor }),
      ).resolves.toBeDefined();
    });

    it("refuses a visitor message whose sender is not the conversation's visitor", async () => {
      const site = await seed.website();
      const conversation = await seed.conversation(site, await seed.visitor(site));
      const otherVisitor = await seed.visitor(site);
      await expect(
        insertMessage(conversation, { sender_type: 'visitor', sender_visitor_id: otherVisitor }),
      ).rejects.toThrow(/messages_visitor_is_conversations/);
    });

    it('keeps seq and clientMessageId unique per conversation', async () => {
      const site = await seed.website();
      const conversation = await seed.conversation(site, await seed.visitor(site));
      const clientMessageId = randomUUID();
      await insertMessage(conversation, { seq: 1, client_message_id: clientMessageId });
      await expect(insertMessage(conversation, { seq: 1 })).rejects.toThrow(/messages_conversation_seq_key/);
      await expect(insertMessage(conversation, { seq: 2, client_message_id: clientMessageId })).rejects.toThrow(
        /messages_conversation_client_message_key/,
      );
    });

    it('refuses empty and oversize bodies', async () => {
      const site = await seed.website();
      const conversation = await seed.conversation(site, await seed.visitor(site));
      await expect(insertMessage(conversation, { body: '' })).rejects.toThrow(/check/);
      await expect(insertMessage(conversation, { body: 'x'.repeat(5001) })).rejects.toThrow(/check/);
    });

    it('keeps the author of a message: an agent who has written cannot be deleted', async () => {
      const site = await seed.website();
      const conversation = await seed.conversation(site, await seed.visitor(site));
      const agent = await seed.agent();
      await insertMessage(conversation, { sender_type: 'agent', sender_agent_id: agent });
      await expect(client.query('DELETE FROM agents WHERE id = $1', [agent])).rejects.toThrow(/foreign key/);
    });

    it('cascades a website deletion to its visitors, conversations and messages', async () => {
      const site = await seed.website();
      const conversation = await seed.conversation(site, await seed.visitor(site));
      await insertMessage(conversation);
      await client.query('DELETE FROM websites WHERE id = $1', [site]);
      const { rows } = await client.query(
        `SELECT (SELECT count(*) FROM visitors WHERE website_id = $1)::int AS v,
                (SELECT count(*) FROM conversations WHERE website_id = $1)::int AS c,
                (SELECT count(*) FROM messages WHERE conversation_id = $2)::int AS m`,
        [site, conversation],
      );
      expect(rows[0]).toEqual({ v: 0, c: 0, m: 0 });
    });

    it('touches updated_at on update', async () => {
      const site = await seed.website();
      const before = await client.query('SELECT updated_at FROM websites WHERE id = $1', [site]);
      await new Promise((r) => setTimeout(r, 5));
      await client.query(`UPDATE websites SET name = 'renamed' WHERE id = $1`, [site]);
      const after = await client.query('SELECT updated_at FROM websites WHERE id = $1', [site]);
      expect(after.rows[0].updated_at.getTime()).toBeGreaterThan(before.rows[0].updated_at.getTime());
    });

    it('indexes the hot paths', async () => {
      const { rows } = await client.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'`);
      const defs = rows.map((r) => r.indexdef as string).join('\n');
      expect(defs).toMatch(/UNIQUE INDEX messages_conversation_seq_key .*\(conversation_id, seq\)/);
      expect(defs).toMatch(
        /UNIQUE INDEX messages_conversation_client_message_key .*\(conversation_id, client_message_id\)/,
      );
      expect(defs).toMatch(/conversations_inbox_idx .*\(website_id, status, last_message_at DESC/);
      expect(defs).toMatch(/UNIQUE INDEX visitor_tokens_pkey .*\(token_hash\)/);
      expect(defs).toMatch(/UNIQUE INDEX visitors_user_key .*\(website_id, user_id\) WHERE/);
      expect(defs).toMatch(/UNIQUE INDEX agents_email_lower_key .*\(lower\(\(email\)::text\)\)/);
    });
  });
});
