/**
 * The baseline: a bare Socket.IO relay with Zendo's socket options, rooms and payloads, but no
 * database, no authentication and no validation. Whatever Zendo costs on top of this is the price
 * of persistence and checks. Configured by environment: PORT, REDIS_URL (optional, adapter).
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import { Server, Socket } from 'socket.io';
import { SOCKET_OPTIONS } from '../src/realtime/zendo-io.adapter';

interface RelayConversation {
  id: string;
  websiteId: string;
  visitorId: string;
  lastSeq: number;
  createdAt: string;
}

const rooms = {
  website: (id: string) => `website:${id}`,
  visitor: (id: string) => `visitor:${id}`,
};

const port = Number(process.env.PORT ?? 0);
const http = createServer((req, res) => {
  res.writeHead(req.url === '/healthz' ? 200 : 404, { 'content-type': 'application/json' });
  res.end(req.url === '/healthz' ? '{"status":"ok"}' : '{}');
});
const server = new Server(http, SOCKET_OPTIONS);
if (process.env.REDIS_URL) {
  const pub = new Redis(process.env.REDIS_URL);
  server.adapter(createAdapter(pub, pub.duplicate(), { key: 'zendo-bench-relay' }));
}

const conversations = new Map<string, RelayConversation>();
const byVisitor = new Map<string, RelayConversation>();

function conversationShape(c: RelayConversation) {
  return {
    id: c.id,
    websiteId: c.websiteId,
    visitorId: c.visitorId,
    status: 'open',
    assigneeId: null,
    lastSeq: c.lastSeq,
    lastMessageAt: c.createdAt,
    createdAt: c.createdAt,
    closedAt: null,
    tags: [],
  };
}

server.on('connection', (socket: Socket) => {
  const auth = socket.handshake.auth as { websiteIds?: string[]; websiteId?: string; visitorId?: string };
  if (Array.isArray(auth.websiteIds)) {
    void socket.join(auth.websiteIds.map(rooms.website));
    return;
  }
  const websiteId = String(auth.websiteId);
  const visitorId = String(auth.visitorId);
  void socket.join(rooms.visitor(visitorId));

  socket.on('conversation:open', (_payload: unknown, ack: (r: unknown) => void) => {
    let conversation = byVisitor.get(visitorId);
    if (!conversation) {
      conversation = { id: randomUUID(), websiteId, visitorId, lastSeq: 0, createdAt: new Date().toISOString() };
      conversations.set(conversation.id, conversation);
      byVisitor.set(visitorId, conversation);
      server.to(rooms.website(websiteId)).emit('conversation:open', { conversation: conversationShape(conversation) });
    }
    ack({ ok: true, conversation: conversationShape(conversation) });
  });

  socket.on(
    'message:new',
    (payload: { conversationId: string; body: string; clientMessageId: string }, ack: (r: unknown) => void) => {
      const conversation = conversations.get(payload?.conversationId);
      if (!conversation || conversation.visitorId !== visitorId) {
        ack({ ok: false, error: { code: 'NOT_FOUND', message: 'The conversation does not exist' } });
        return;
      }
      conversation.lastSeq += 1;
      const message = {
        id: randomUUID(),
        conversationId: conversation.id,
        seq: conversation.lastSeq,
        clientMessageId: payload.clientMessageId,
        sender: { type: 'visitor', id: visitorId },
        body: String(payload.body).trim(),
        createdAt: new Date().toISOString(),
      };
      server.to([rooms.website(conversation.websiteId), rooms.visitor(visitorId)]).emit('message:new', { message });
      ack({ ok: true, message });
    },
  );
});

http.listen(port, '127.0.0.1', () => {
  const address = http.address() as import('node:net').AddressInfo;
  process.send?.({ type: 'listening', port: address.port });
  console.log(`relay listening on ${address.port}`);
});
process.on('SIGTERM', () => {
  void server.close();
  process.exit(0);
});
