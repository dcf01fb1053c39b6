import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ConversationsRepository } from '../../src/conversations/conversations.repository';
import { MetricsService } from '../../src/metrics/metrics.service';
import { Seed } from '../support/seed';
import { roomyAppends } from '../support/append-bounds';
import { openTestDatabase, TestDatabase } from '../support/test-app';

describe('conversation and message transactions', () => {
  let db: TestDatabase;
  let client: Client;
  let seed: Seed;
  let repo: ConversationsRepository;

  beforeAll(async () => {
    db = await openTestDatabase();
    ({ client, seed } = db);
    repo = new ConversationsRepository(db.db, new MetricsService(db.db, null), roomyAppends());
  });
  afterAll(() => db.close());

  it('gives 200 concurrent appends to one conversation the seqs 1..200 exactly', async () => {
    const { visitor, conversation, agent } = await seed.conversationWithMember();
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        repo.appendMessage(
          conversation,
          i % 2 ? { type: 'agent', id: agent } : { type: 'visitor', id: visitor },
          { clientMessageId: randomUUID(), body: `message ${i}` },
          'refuse',
        ),
      ),
    );
    const elapsed = Date.now() - started;
    const seqs = results.map((r) => r.message.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(results.every((r) => r.created)).toBe(true);
    const { rows } = await client.query(
      'SELECT last_seq, (SELECT count(*)::int FROM messages WHERE conversation_id = $1) AS n FROM conversations WHERE id = $1',
      [conversation],
    );
    expect(rows[0]).toEqual({ last_seq: 200, n: 200 });
    console.info(`200 concurrent appends to one conversation: ${elapsed} ms`);
  });

  it('returns the stored message for a repeated clientMessageId and writes nothing', async () => {
    const { visitor, conversation } = await seed.conversationWithMember();
    const clientMessageId = randomUUID();
    const first = await repo.appendMessage(
      conversation,
      { type: 'visitor', id: visitor },
      { clientMessageId, body: 'hi' },
      'refuse',
    );
    const again = await repo.appendMessage(
      conversation,
      { type: 'visitor', id: visitor },
      { clientMessageId, body: 'a different body' },
      'refuse',
    );
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.message).toEqual(first.message);
    const { rows } = await client.query(
      'SELECT last_seq, (SELECT count(*)::int FROM messages WHERE conversation_id = $1) AS n FROM conversations WHERE id = $1',
      [conversation],
    );
    expect(rows[0]).toEqual({ last_seq: 1, n: 1 });
  });

  it('stores one message for 20 concurrent sends of the same clientMessageId', async () => {
    const { visitor, conversation } = await seed.conversationWithMember();
    const clientMessageId = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        repo.appendMessage(conversation, { type: 'visitor', id: visitor }, { clientMessageId, body: 'once' }, 'refuse'),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
  });

  it('refuses an agent message in a closed conversation and reopens it for a visitor', async () => {
    const { visitor, conversation, agent } = await seed.conversationWithMember();
    await client.query(`UPDATE conversations SET status = 'closed', closed_at = now() WHERE id = $1`, [conversation]);
    await expect(
      repo.appendMessage(
        conversation,
        { type: 'agent', id: agent },
        { clientMessageId: randomUUID(), body: 'x' },
        'refuse',
      ),
    ).rejects.toMatchObject({ code: 'CONVERSATION_CLOSED' });
    const reopened = await repo.appendMessage(
      conversation,
      { type: 'visitor', id: visitor },
      { clientMessageId: randomUUID(), body: 'back' },
      'reopen',
    );
    expect(reopened.reopened).toBe(true);
    expect(reopened.conversation).toEqual({ id: conversation, websiteId: expect.any(String), visitorId: visitor });
    const { rows } = await client.query('SELECT status, closed_at, last_seq FROM conversations WHERE id = $1', [
      conversation,
    ]);
    expect(rows[0]).toEqual({ status: 'open', closed_at: null, last_seq: 1 });
    expect(reopened.message.seq).toBe(1);
  });

  it('creates a conversation and its first message atomically', async () => {
    const website = await seed.website();
    const visitor = await seed.visitor(website);
    const opened = await repo.openForVisitor(website, visitor, { clientMessageId: randomUUID(), body: 'hello' });
    expect(opened.created).toBe(true);
    expect(opened.message?.seq).toBe(1);
    expect(opened.conversation.lastSeq).toBe(1);

    // a first message the database refuses rolls the new conversation back too
    const other = await seed.visitor(website);
    await expect(
      repo.openForVisitor(website, other, { clientMessageId: randomUUID(), body: 'x'.repeat(5001) }),
    ).rejects.toThrow();
    const { rows } = await client.query('SELECT count(*)::int AS n FROM conversations WHERE visitor_id = $1', [other]);
    expect(rows[0].n).toBe(0);
  });

  it('opens one conversation for 10 concurrent opens of one visitor', async () => {
    const website = await seed.website();
    const visitor = await seed.visitor(website);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        repo.openForVisitor(website, visitor, { clientMessageId: randomUUID(), body: `m${i}` }),
      ),
    );
    expect(new Set(results.map((r) => r.conversation.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.map((r) => r.message!.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('refuses writers outside the conversation: a non-member agent, another visitor', async () => {
    const { website, conversation } = await seed.conversationWithMember();
    const outsider = await seed.agent();
    const otherVisitor = await seed.visitor(website);
    for (const sender of [
      { type: 'agent' as const, id: outsider },
      { type: 'visitor' as const, id: otherVisitor },
    ]) {
      await expect(
        repo.appendMessage(conversation, sender, { clientMessageId: randomUUID(), body: 'x' }, 'reopen'),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    const { rows } = await client.query('SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1', [
      conversation,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it("will not open a conversation for another website's visitor", async () => {
    const siteA = await seed.website();
    const siteB = await seed.website();
    const visitorOfB = await seed.visitor(siteB);
    await expect(repo.openForVisitor(siteA, visitorOfB)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('pages history forwards from afterSeq and backwards from beforeSeq, ascending', async () => {
    const { visitor, conversation } = await seed.conversationWithMember();
    for (let i = 1; i <= 7; i++) {
      await repo.appendMessage(
        conversation,
        { type: 'visitor', id: visitor },
        { clientMessageId: randomUUID(), body: `m${i}` },
        'refuse',
      );
    }
    const after = await repo.listMessages(conversation, { afterSeq: 2, limit: 3 });
    expect(after.messages.map((m) => m.seq)).toEqual([3, 4, 5]);
    expect(after.hasMore).toBe(true);
    const tail = await repo.listMessages(conversation, { afterSeq: 5, limit: 3 });
    expect(tail.messages.map((m) => m.seq)).toEqual([6, 7]);
    expect(tail.hasMore).toBe(false);
    const latest = await repo.listMessages(conversation, { limit: 3 });
    expect(latest.messages.map((m) => m.seq)).toEqual([5, 6, 7]);
    expect(latest.hasMore).toBe(true);
    const older = await repo.listMessages(conversation, { beforeSeq: 3, limit: 5 });
    expect(older.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(older.hasMore).toBe(false);
  });
});
