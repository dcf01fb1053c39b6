import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { ConversationFanout } from '../../src/realtime/conversation-fanout';
import type { ZendoServer } from '../../src/realtime/socket-types';
import { AgentSession } from '../support/api';
import { connect, TestSocket } from '../support/sockets';
import { parse, total } from '../support/metrics';
import { startTestApp, TestApp } from '../support/test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('overload: a bounded append queue and slow consumers', () => {
  let running: TestApp;
  let agent: AgentSession;
  let conversationId: string;
  let visitorSocket: TestSocket;
  let db: Client;

  beforeAll(async () => {
    // Tiny bounds, so a stalled database fills the queue at once.
    running = await startTestApp({ appendQueueMax: 5, appendMaxWaitMs: 1000, socketWriteBufferMax: 50 });
    db = new Client({ connectionString: running.db.url });
    await db.connect();
    agent = await running.api.signup('Agent');
    const site = await running.api.website(agent);
    const visitor = await running.api.bootstrap(site.key);
    visitorSocket = await connect(running.url, { websiteKey: site.key, visitorToken: visitor.visitorToken });
    const opened = await visitorSocket.emit('conversation:open', {});
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    conversationId = opened.conversation.id;
  });
  afterAll(async () => {
    visitorSocket.close();
    await db.end();
    await running.close();
  });

  const post = (clientMessageId: string) =>
    request(running.url)
      .post(`/api/v1/conversations/${conversationId}/messages`)
      .set('Authorization', `Bearer ${agent.accessToken}`)
      .send({ body: 'hello', clientMessageId });

  const storedIds = async (ids: string[]) =>
    (
      await db.query<{ client_message_id: string }>(
        'SELECT client_message_id FROM messages WHERE conversation_id = $1 AND client_message_id = ANY($2)',
        [conversationId, ids],
      )
    ).rows.map((r) => r.client_message_id);

  /** `zendo_append_refused_total` for one bound, from the instance's /metrics. */
  const refusedBy = async (bound: string) =>
    total(parse((await request(running.url).get('/metrics').expect(200)).text), 'zendo_append_refused_total', {
      bound,
    });

  /** Holds the conversation's row lock, so the batch being written waits and the queue behind it fills. */
  async function stall(): Promise<{ release(): Promise<void> }> {
    const locker = new Client({ connectionString: running.db.url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE', [conversationId]);
    return {
      release: async () => {
        await locker.query('ROLLBACK');
        await locker.end();
      },
    };
  }

  /** Until the append statement sent first waits on the lock: it is the batch in flight. */
  async function blocked(): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const { rows } = await db.query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (rows.length > 0) return;
      await sleep(25);
    }
    throw new Error('the first append never reached the database');
  }

  it('refuses past the depth bound at once with 503 BUSY and Retry-After, stores the accepted ones once', async () => {
    const depthBefore = await refusedBy('depth');
    const lock = await stall();
    const first = randomUUID();
    const inFlight = post(first).then((r) => r);
    await blocked();
    const ids = Array.from({ length: 10 }, () => randomUUID());
    const started = Date.now();
    const answers = ids.map((id) => post(id).then((r) => ({ id, r, after: Date.now() - started })));
    await sleep(300);
    await lock.release();
    const settled = await Promise.all(answers);
    const refused = settled.filter((a) => a.r.status === 503);
    const accepted = settled.filter((a) => a.r.status === 201);
    expect(refused).toHaveLength(5);
    expect(accepted).toHaveLength(5);
    for (const { r, after } of refused) {
      expect(r.body.error.code).toBe('BUSY');
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // refused without waiting for the stalled database
      expect(after).toBeLessThan(300);
    }
    // counted by the bound that refused them
    expect((await refusedBy('depth')) - depthBefore).toBe(5);
    expect((await inFlight).status).toBe(201);
    const stored = await storedIds([first, ...ids]);
    expect(stored.sort()).toEqual([first, ...accepted.map((a) => a.id)].sort());
    // a refused one sent again once the database is back is stored, once
    const again = await post(refused[0].id);
    expect(again.status).toBe(201);
    expect(await storedIds([refused[0].id])).toHaveLength(1);
  });

  it('refuses what waited longer than APPEND_MAX_WAIT_MS with BUSY (socket and REST) and never writes it', async () => {
    const waitBefore = await refusedBy('wait');
    const lock = await stall();
    const first = randomUUID();
    const inFlight = post(first).then((r) => r);
    await blocked();
    const restId = randomUUID();
    const socketId = randomUUID();
    const started = Date.now();
    const [rest, ack] = await Promise.all([
      post(restId),
      visitorSocket.emit('message:new', { conversationId, body: 'late', clientMessageId: socketId }),
    ]);
    const waited = Date.now() - started;
    expect(rest.status).toBe(503);
    expect(rest.body.error.code).toBe('BUSY');
    expect(rest.headers['retry-after']).toBe('1');
    expect(ack).toMatchObject({ ok: false, error: { code: 'BUSY', retryAfter: 1 } });
    expect(waited).toBeGreaterThanOrEqual(900);
    expect(waited).toBeLessThan(3000);
    expect((await refusedBy('wait')) - waitBefore).toBe(2);
    await lock.release();
    // the one already sent to the database when the wait ran out is stored and answered
    expect((await inFlight).status).toBe(201);
    expect(await storedIds([first, restId, socketId])).toEqual([first]);
    const seqs = (
      await db.query<{ seq: number }>('SELECT seq FROM messages WHERE conversation_id = $1 ORDER BY seq', [
        conversationId,
      ])
    ).rows.map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  });

  it('disconnects a socket that does not read while its outgoing buffer grows past the bound', async () => {
    const slow = await connect(running.url, { token: agent.accessToken });
    const healthy = await connect(running.url, { token: agent.accessToken });
    // The client stops reading: the server's writes back up in its kernel buffers, then in Engine.IO's.
    const engine = slow.socket.io.engine as unknown as { transport: { ws: { _socket: { pause(): void } } } };
    engine.transport.ws._socket.pause();
    // The server's own Socket.IO instance, through the fan-out it is attached to.
    const fanout = running.app.get(ConversationFanout) as unknown as { server: ZendoServer };
    // The client reads nothing, so it cannot notice: the server side is where the cut shows.
    const serverSide = fanout.server.of('/').sockets.get(slow.socket.id!)!;
    const disconnected = new Promise<string>((resolve) => serverSide.once('disconnect', resolve));
    const to = (socket: TestSocket) => fanout.server.local.to(socket.socket.id!);
    const big = 'x'.repeat(60_000);
    let rounds = 0;
    const pump = setInterval(() => {
      for (let i = 0; i < 10; i++) to(slow).emit('presence', { status: 'online', padding: big } as never);
      to(healthy).emit('presence', { status: 'online' });
      rounds += 1;
    }, 10);
    const reason = await Promise.race([disconnected, sleep(20_000).then(() => 'still connected')]);
    clearInterval(pump);
    expect(['transport close', 'transport error']).toContain(reason);
    // a socket that reads keeps its connection
    expect(healthy.socket.connected).toBe(true);
    expect(healthy.received('presence').length).toBeGreaterThan(0);
    expect(rounds).toBeGreaterThan(0);
    healthy.close();
    slow.close();
  });
});
