import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { ConversationsRepository } from '../../src/conversations/conversations.repository';
import { MetricsService } from '../../src/metrics/metrics.service';
import { Db } from '../../src/database/db';
import { Seed } from '../support/seed';
import { roomyAppends } from '../support/append-bounds';
import { openTestDatabase, TestDatabase } from '../support/test-app';

describe('group commit of message appends', () => {
  let db: TestDatabase;
  let client: Client;
  let observer: Pool;
  let seed: Seed;
  let repo: ConversationsRepository;

  beforeAll(async () => {
    db = await openTestDatabase();
    ({ client, seed } = db);
    // Other connections, to look at the database the moment an append resolves.
    observer = new Pool({ connectionString: db.url, max: 8 });
    repo = new ConversationsRepository(db.db, new MetricsService(db.db, null), roomyAppends());
  });
  afterAll(async () => {
    await observer.end();
    await db.close();
  });

  async function stored(conversation: string) {
    const { rows } = await client.query<{ seq: number; client_message_id: string; body: string }>(
      'SELECT seq, client_message_id, body FROM messages WHERE conversation_id = $1 ORDER BY seq',
      [conversation],
    );
    return rows;
  }

  // One lane (the default) and three side by side (APPEND_LANES): the same rules either way.
  it.each([1, 3])(
    'stores 2,000 concurrent appends across 20 conversations with gapless seqs, each visible when acknowledged (%i lanes)',
    async (lanes) => {
      const repo = new ConversationsRepository(db.db, new MetricsService(db.db, null), roomyAppends(lanes));
      const conversations: Awaited<ReturnType<Seed['conversationWithMember']>>[] = [];
      for (let i = 0; i < 20; i++) conversations.push(await seed.conversationWithMember());
      const invisible: string[] = [];
      const checks: Promise<void>[] = [];
      const results = await Promise.all(
        Array.from({ length: 2000 }, (_, i) => {
          const { conversation, visitor, agent } = conversations[i % 20];
          const sender = i % 3 ? { type: 'visitor' as const, id: visitor } : { type: 'agent' as const, id: agent };
          return repo
            .appendMessage(conversation, sender, { clientMessageId: randomUUID(), body: `message ${i}` }, 'refuse')
            .then((result) => {
              // Asked from another connection as soon as the append resolves: it must already be committed.
              checks.push(
                observer.query('SELECT 1 FROM messages WHERE id = $1', [result.message.id]).then(({ rowCount }) => {
                  if (rowCount !== 1) invisible.push(result.message.id);
                }),
              );
              return result;
            });
        }),
      );
      await Promise.all(checks);
      expect(invisible).toEqual([]);
      expect(results.every((r) => r.created)).toBe(true);

      for (const { conversation } of conversations) {
        const seqs = results
          .filter((r) => r.message.conversationId === conversation)
          .map((r) => r.message.seq)
          .sort((a, b) => a - b);
        expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
        // In the order they were submitted.
        const bodies = (await stored(conversation)).map((m) => Number(m.body.split(' ')[1]));
        expect(bodies).toEqual([...bodies].sort((a, b) => a - b));
        const { rows } = await client.query(
          'SELECT last_seq, (SELECT count(*)::int FROM messages WHERE conversation_id = $1) AS n FROM conversations WHERE id = $1',
          [conversation],
        );
        expect(rows[0]).toEqual({ last_seq: 100, n: 100 });
      }

      // Appends really shared transactions: a transaction's messages share its now().
      const { rows } = await client.query<{ n: number }>(
        'SELECT count(DISTINCT created_at)::int AS n FROM messages WHERE conversation_id = ANY($1)',
        [conversations.map((c) => c.conversation)],
      );
      expect(rows[0].n).toBeLessThan(200);
    },
  );

  it('keeps one sender’s messages in the order they were sent', async () => {
    const { visitor, conversation } = await seed.conversationWithMember();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        repo.appendMessage(
          conversation,
          { type: 'visitor', id: visitor },
          { clientMessageId: randomUUID(), body: `m${i}` },
          'refuse',
        ),
      ),
    );
    expect(results.map((r) => r.message.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect((await stored(conversation)).map((m) => m.body)).toEqual(Array.from({ length: 100 }, (_, i) => `m${i}`));
  });

  it('stores a clientMessageId replayed within one batch once and gives every copy the stored message', async () => {
    const { visitor, conversation } = await seed.conversationWithMember();
    const ids = Array.from({ length: 50 }, () => randomUUID());
    // Each id twice, in the same tick, so both copies land in the same batch.
    const results = await Promise.all(
      [...ids, ...ids].map((clientMessageId, i) =>
        repo.appendMessage(
          conversation,
          { type: 'visitor', id: visitor },
          { clientMessageId, body: i < 50 ? 'first' : 'a different body' },
          'refuse',
        ),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(50);
    for (let i = 0; i < 50; i++) {
      expect(results[i + 50].created).toBe(false);
      expect(results[i + 50].message).toEqual(results[i].message);
    }
    const rows = await stored(conversation);
    expect(rows.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(rows.every((m) => m.body === 'first')).toBe(true);
    // all in one transaction: one now() for the lot
    expect(new Set(results.map((r) => r.message.createdAt)).size).toBe(1);

    const again = await repo.appendMessage(
      conversation,
      { type: 'visitor', id: visitor },
      { clientMessageId: ids[7], body: 'later' },
      'refuse',
    );
    expect(again.created).toBe(false);
    expect(again.message).toEqual(results[7].message);
  });

  it('refuses writers outside the conversation inside a batch and stores the others', async () => {
    const { website, visitor, conversation, agent } = await seed.conversationWithMember();
    const outsider = await seed.agent();
    const otherVisitor = await seed.visitor(website);
    const senders = [
      { type: 'visitor' as const, id: visitor },
      { type: 'agent' as const, id: outsider },
      { type: 'agent' as const, id: agent },
      { type: 'visitor' as const, id: otherVisitor },
    ];
    const settled = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        repo.appendMessage(
          conversation,
          senders[i % 4],
          { clientMessageId: randomUUID(), body: `from ${senders[i % 4].id}` },
          'reopen',
        ),
      ),
    );
    settled.forEach((outcome, i) => {
      if (i % 4 === 1 || i % 4 === 3) expect(outcome).toMatchObject({ reason: { code: 'NOT_FOUND' } });
      else expect(outcome.status).toBe('fulfilled');
    });
    const rows = await stored(conversation);
    expect(rows.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(rows.some((m) => m.body.includes(outsider) || m.body.includes(otherVisitor))).toBe(false);

    // An unknown conversation is NOT_FOUND too, without failing the batch it shares.
    const [unknown, known] = await Promise.allSettled([
      repo.appendMessage(
        randomUUID(),
        { type: 'visitor', id: visitor },
        { clientMessageId: randomUUID(), body: 'x' },
        'reopen',
      ),
      repo.appendMessage(
        conversation,
        { type: 'visitor', id: visitor },
        { clientMessageId: randomUUID(), body: 'y' },
        'reopen',
      ),
    ]);
    expect(unknown).toMatchObject({ status: 'rejected', reason: { code: 'NOT_FOUND' } });
    expect(known).toMatchObject({ status: 'fulfilled', value: { message: { seq: 21 } } });
  });

  it('decides a closed conversation in arrival order within a batch', async () => {
    const { visitor, conversation, agent } = await seed.conversationWithMember();
    await client.query(`UPDATE conversations SET status = 'closed', closed_at = now() WHERE id = $1`, [conversation]);
    const send = (sender: { type: 'agent' | 'visitor'; id: string }) =>
      repo.appendMessage(
        conversation,
        sender,
        { clientMessageId: randomUUID(), body: sender.type },
        sender.type === 'agent' ? 'refuse' : 'reopen',
      );
    const [refused, reopening, accepted] = await Promise.allSettled([
      send({ type: 'agent', id: agent }),
      send({ type: 'visitor', id: visitor }),
      send({ type: 'agent', id: agent }),
    ]);
    expect(refused).toMatchObject({ status: 'rejected', reason: { code: 'CONVERSATION_CLOSED' } });
    expect(reopening).toMatchObject({
      status: 'fulfilled',
      value: { created: true, reopened: true, message: { seq: 1 }, conversation: { id: conversation } },
    });
    expect(accepted).toMatchObject({
      status: 'fulfilled',
      value: { created: true, reopened: false, message: { seq: 2 } },
    });
    const { rows } = await client.query('SELECT status, closed_at, last_seq FROM conversations WHERE id = $1', [
      conversation,
    ]);
    expect(rows[0]).toEqual({ status: 'open', closed_at: null, last_seq: 2 });
  });

  it('fails only the append the database refuses when it shares a batch with good ones', async () => {
    const { visitor, conversation } = await seed.conversationWithMember();
    const settled = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        repo.appendMessage(
          conversation,
          { type: 'visitor', id: visitor },
          // The body check of the messages table refuses 5,001 characters.
          { clientMessageId: randomUUID(), body: i === 4 ? 'x'.repeat(5001) : `ok ${i}` },
          'refuse',
        ),
      ),
    );
    expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(1);
    expect(settled[4].status).toBe('rejected');
    const rows = await stored(conversation);
    expect(rows.map((m) => m.seq)).toEqual(Array.from({ length: 9 }, (_, i) => i + 1));
  });

  it('writes and answers every queued append before shutdown lets the pool close', async () => {
    const { visitor, conversation } = await seed.conversationWithMember();
    const own = new Db(new Pool({ connectionString: db.url, max: 5 }));
    const closing = new ConversationsRepository(own, new MetricsService(own, null), roomyAppends());
    const appends = Array.from({ length: 300 }, (_, i) =>
      closing.appendMessage(
        conversation,
        { type: 'visitor', id: visitor },
        { clientMessageId: randomUUID(), body: `before shutdown ${i}` },
        'refuse',
      ),
    );
    await closing.beforeApplicationShutdown();
    await own.pool.end();
    const settled = await Promise.allSettled(appends);
    expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
    expect((await stored(conversation)).map((m) => m.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });
});
