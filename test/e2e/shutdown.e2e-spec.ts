import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { connect, TestSocket } from '../support/sockets';
import { startTestApp, TestApp } from '../support/test-app';
import { dropDatabase } from '../support/test-database';

/** How a client saw its socket end: Socket.IO's reason and the WebSocket close code. */
function ending(socket: TestSocket): Promise<{ reason: string; code: number | undefined }> {
  return new Promise((resolve) =>
    socket.socket.once('disconnect', (reason, details) => {
      const context = (details as { context?: { code?: number } } | undefined)?.context;
      resolve({ reason, code: context?.code });
    }),
  );
}

describe('an instance shutting down', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await dropDatabase(t.db.name);
  });

  it('stores what was acked, then cuts every socket at once: each client sees a dropped transport (1006), no closing handshake', async () => {
    const agent = await t.api.signup('Agent');
    const site = await t.api.website(agent);
    const agentSocket = await connect(t.url, { token: agent.accessToken });
    const visitors: TestSocket[] = [];
    for (let i = 0; i < 20; i++) {
      const visitor = await t.api.bootstrap(site.key);
      visitors.push(await connect(t.url, { websiteKey: site.key, visitorToken: visitor.visitorToken }));
    }
    const opened = await visitors[0].emit('conversation:open', {});
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const clientMessageId = randomUUID();
    const sent = await visitors[0].emit('message:new', {
      conversationId: opened.conversation.id,
      body: 'just before the restart',
      clientMessageId,
    });
    expect(sent.ok).toBe(true);

    const endings = [agentSocket, ...visitors].map(ending);
    await t.app.close();
    const seen = await Promise.all(endings);

    // A dropped transport, which the client's reconnection handles (not "io server disconnect",
    // which would tell it not to come back), and 1006: the connection ended without closing frames.
    expect(seen.map((s) => s.reason)).toEqual(seen.map(() => 'transport close'));
    expect(seen.map((s) => s.code)).toEqual(seen.map(() => 1006));
    const db = new Client({ connectionString: t.db.url });
    await db.connect();
    try {
      const stored = await db.query('SELECT count(*)::int AS n FROM messages WHERE client_message_id = $1', [
        clientMessageId,
      ]);
      expect(stored.rows[0].n).toBe(1);
    } finally {
      await db.end();
    }
  });
});
