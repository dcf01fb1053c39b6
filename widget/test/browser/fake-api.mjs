// A stand-in for the Zendo API, enough for the widget's browser tests: serves
// dist/ like the real server (precompressed, CORS on chunks), answers the
// widget endpoints of the contract, and runs a Socket.IO server that plays
// the agent side. With `backend: false` only the static files exist.
import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';

const builtDist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
export const WEBSITE_KEY = 'pk_test_widget';

/** `dist`: another build of the widget to serve (to compare two). */
export async function startFakeApi({ backend = true, dist = builtDist } = {}) {
  const state = {
    website: {
      id: randomUUID(),
      name: 'Acme Support',
      settings: { color: '#1d4ed8', greeting: 'Hi! Ask us anything.', position: 'right' },
    },
    visitors: new Map(), // token -> visitor
    conversations: new Map(), // id -> conversation
    messages: [],
    received: [], // every visitor emit: [event, payload]
    bootstraps: [], // every bootstrap body
    opened: [], // page context of every conversation:open
    holdNextAck: false,
    /** While true, every socket handshake is refused, as when the network or the server is down. */
    refuseSockets: false,
    reads: [], // every POST …/read: [conversationId, seq]
    ratings: [], // every POST …/rating: [conversationId, body]
  };

  const cors = { 'Access-Control-Allow-Origin': '*' };
  const json = (res, status, body) => {
    res.writeHead(status, { ...cors, 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const readBody = async (req) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    return text ? JSON.parse(text) : {};
  };
  const visitorOf = (req) => state.visitors.get(req.headers['x-visitor-token']);
  // Like the API: a field it does not know is a 400, so the widget cannot send one by accident.
  const unknownField = (body, allowed) => Object.keys(body).find((key) => !allowed.includes(key));
  const refuse = (res, message) => json(res, 400, { error: { code: 'VALIDATION_FAILED', message } });

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/widget.js' || url.pathname.startsWith('/chunks/'))
      return serveStatic(req, res, url.pathname);
    if (!backend || !url.pathname.startsWith('/api/v1/widget/'))
      return json(res, 404, { error: { code: 'NOT_FOUND', message: 'Not found' } });
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'Access-Control-Allow-Methods': 'GET, POST, PATCH',
        'Access-Control-Allow-Headers': 'Content-Type, X-Visitor-Token',
      });
      return res.end();
    }
    const path = url.pathname.slice('/api/v1/widget'.length);
    if (req.method === 'POST' && path === '/bootstrap') {
      const body = await readBody(req);
      const unknown = unknownField(body, ['websiteKey', 'visitorToken', 'pageUrl', 'pageTitle', 'userId', 'userHash']);
      state.bootstraps.push(body);
      if (unknown) return refuse(res, `property ${unknown} should not exist`);
      const { websiteKey, visitorToken } = body;
      if (websiteKey !== WEBSITE_KEY)
        return json(res, 401, { error: { code: 'UNAUTHORIZED', message: 'Unknown key' } });
      let token = visitorToken;
      if (!state.visitors.has(token)) {
        token = randomUUID();
        state.visitors.set(token, { id: randomUUID(), name: null, email: null });
      }
      const visitor = state.visitors.get(token);
      const conversations = [...state.conversations.values()].filter((c) => c.visitorId === visitor.id).reverse();
      return json(res, 200, { visitor, visitorToken: token, website: state.website, conversations });
    }
    const visitor = visitorOf(req);
    if (!visitor) return json(res, 401, { error: { code: 'UNAUTHORIZED', message: 'Bad token' } });
    const match = /^\/conversations\/([^/]+)\/messages$/.exec(path);
    if (req.method === 'GET' && match) {
      const afterSeq = Number(url.searchParams.get('afterSeq') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const all = state.messages.filter((m) => m.conversationId === match[1] && m.seq > afterSeq);
      return json(res, 200, { messages: all.slice(0, limit), hasMore: all.length > limit });
    }
    const read = /^\/conversations\/([^/]+)\/read$/.exec(path);
    if (req.method === 'POST' && read) {
      const body = await readBody(req);
      if (unknownField(body, ['seq']) || !Number.isInteger(body.seq)) return refuse(res, 'seq must be an integer');
      state.reads.push([read[1], body.seq]);
      res.writeHead(204, cors);
      return res.end();
    }
    const rated = /^\/conversations\/([^/]+)\/rating$/.exec(path);
    if (req.method === 'POST' && rated) {
      const body = await readBody(req);
      if (unknownField(body, ['score', 'comment'])) return refuse(res, 'unknown field');
      const conversation = state.conversations.get(rated[1]);
      if (!conversation) return json(res, 404, { error: { code: 'NOT_FOUND', message: 'Not found' } });
      if (conversation.status !== 'closed')
        return json(res, 409, { error: { code: 'CONVERSATION_OPEN', message: 'Still open' } });
      if (conversation.rating) return json(res, 409, { error: { code: 'ALREADY_RATED', message: 'Rated' } });
      state.ratings.push([rated[1], body]);
      conversation.rating = { score: body.score, comment: body.comment ?? null, at: new Date().toISOString() };
      return json(res, 201, { conversation });
    }
    if (req.method === 'PATCH' && path === '/visitor') {
      const body = await readBody(req);
      const unknown = unknownField(body, ['name', 'email', 'userId', 'userHash']);
      if (unknown) return refuse(res, `property ${unknown} should not exist`);
      // The API's own check is stricter than the widget's; `.invalid` stands in for what only it refuses.
      if (body.email?.endsWith('.invalid')) return refuse(res, 'email must be an email');
      Object.assign(visitor, body);
      return json(res, 200, { visitor });
    }
    return json(res, 404, { error: { code: 'NOT_FOUND', message: 'Not found' } });
  });

  function serveStatic(req, res, pathname) {
    const file = normalize(join(dist, pathname));
    if (!file.startsWith(dist) || !existsSync(file))
      return json(res, 404, { error: { code: 'NOT_FOUND', message: 'Not found' } });
    const accepts = String(req.headers['accept-encoding'] ?? '');
    const encoding =
      accepts.includes('br') && existsSync(file + '.br') ? 'br' : accepts.includes('gzip') ? 'gzip' : null;
    res.writeHead(200, {
      ...cors,
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': pathname.startsWith('/chunks/') ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      ...(encoding && { 'Content-Encoding': encoding }),
      Vary: 'Accept-Encoding',
    });
    createReadStream(encoding === 'br' ? file + '.br' : encoding === 'gzip' ? file + '.gz' : file).pipe(res);
  }

  const io = backend ? new Server(server, { path: '/socket.io/', cors: { origin: '*' } }) : null;
  const append = (conversation, sender, body, clientMessageId = randomUUID()) => {
    const existing = state.messages.find(
      (m) => m.conversationId === conversation.id && m.clientMessageId === clientMessageId,
    );
    if (existing) return { message: existing, created: false };
    conversation.lastSeq += 1;
    conversation.lastMessageAt = new Date().toISOString();
    const message = {
      id: randomUUID(),
      conversationId: conversation.id,
      seq: conversation.lastSeq,
      clientMessageId,
      sender,
      body: body.trim(),
      createdAt: conversation.lastMessageAt,
    };
    state.messages.push(message);
    return { message, created: true };
  };

  io?.use((socket, next) => {
    if (state.refuseSockets) return next(new Error('UNAVAILABLE'));
    const { websiteKey, visitorToken } = socket.handshake.auth ?? {};
    const visitor = state.visitors.get(visitorToken);
    if (websiteKey !== WEBSITE_KEY || !visitor) return next(new Error('UNAUTHORIZED'));
    socket.data.visitor = visitor;
    next();
  });
  io?.on('connection', (socket) => {
    const visitor = socket.data.visitor;
    socket.join(visitor.id);
    socket.emit('presence', { status: state.website.online === false ? 'offline' : 'online' });
    // Stores the message, then loses the connection before the ack or the
    // broadcast goes out: the widget must send the same message again.
    const loseReply = () => {
      if (!state.holdNextAck) return false;
      state.holdNextAck = false;
      socket.conn.close();
      return true;
    };
    socket.on('conversation:open', ({ body, clientMessageId, pageUrl, pageTitle } = {}, respond) => {
      state.received.push(['conversation:open', { body, clientMessageId }]);
      state.opened.push({ pageUrl, pageTitle });
      let conversation = [...state.conversations.values()].find(
        (c) => c.visitorId === visitor.id && c.status === 'open',
      );
      if (!conversation) {
        const now = new Date().toISOString();
        conversation = {
          id: randomUUID(),
          websiteId: state.website.id,
          visitorId: visitor.id,
          status: 'open',
          assigneeId: null,
          lastSeq: 0,
          lastMessageAt: now,
          createdAt: now,
          closedAt: null,
          tags: [],
        };
        state.conversations.set(conversation.id, conversation);
      }
      const result = body ? append(conversation, { type: 'visitor', id: visitor.id }, body, clientMessageId) : null;
      if (loseReply()) return;
      if (result?.created) io.to(visitor.id).emit('message:new', { message: result.message });
      respond({ ok: true, conversation, ...(result && { message: result.message }) });
    });
    socket.on('message:new', ({ conversationId, body, clientMessageId }, respond) => {
      state.received.push(['message:new', { conversationId, body, clientMessageId }]);
      const conversation = state.conversations.get(conversationId);
      if (!conversation || conversation.visitorId !== visitor.id) {
        return respond({ ok: false, error: { code: 'NOT_FOUND', message: 'No such conversation' } });
      }
      const { message, created } = append(conversation, { type: 'visitor', id: visitor.id }, body, clientMessageId);
      if (loseReply()) return;
      if (created) io.to(visitor.id).emit('message:new', { message });
      respond({ ok: true, message });
    });
    socket.on('typing', (payload) => state.received.push(['typing', payload]));
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;

  return {
    origin,
    state,
    /** The agent writes into the visitor's newest conversation. */
    agentSays(body) {
      const conversation = [...state.conversations.values()].at(-1);
      const { message } = append(conversation, { type: 'agent', id: 'agent-1', name: 'Ada' }, body);
      io.to(conversation.visitorId).emit('message:new', { message });
      return message;
    },
    /** Someone on the team comes online, or the last one leaves. */
    presence(status) {
      state.website.online = status === 'online';
      io.emit('presence', { status });
    },
    /** Cuts every visitor socket's connection (they try to come back on their own). */
    dropSockets() {
      for (const socket of io.sockets.sockets.values()) socket.conn.close();
    },
    closeConversation() {
      const conversation = [...state.conversations.values()].at(-1);
      Object.assign(conversation, { status: 'closed', closedAt: new Date().toISOString() });
      io.to(conversation.visitorId).emit('conversation:close', { conversation });
    },
    async stop() {
      io?.close();
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * The host page, on another origin, under a strict CSP that allows only the API origin.
 * With `websiteKey: null`, the same page without the widget.
 */
export async function startHostPage(apiOrigin, { websiteKey = WEBSITE_KEY } = {}) {
  const api = new URL(apiOrigin);
  const csp = [
    "default-src 'none'",
    `script-src ${api.origin}`,
    `connect-src ${api.origin} ws://${api.host}`,
    "style-src 'self'",
  ].join('; ');
  const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <title>Host page</title>
  <link rel="stylesheet" href="/hostile.css">
  ${websiteKey === null ? '' : `<script src="${api.origin}/widget.js" data-website-key="${websiteKey}" async></script>`}
</head>
<body><main><h1>A page we never see</h1><p>Some content.</p><button id="page-button">Page button</button></main></body>
</html>`;
  // Aggressive global CSS of the kind site themes ship; none of it may reach the widget.
  const hostile = `* { box-sizing: content-box !important; font-size: 40px !important; color: red !important; }
button { display: none !important; }
div, p, li, form, textarea { position: static !important; display: inline !important; }
#page-button { display: inline-block !important; }`;
  const server = createServer((req, res) => {
    if (req.url === '/hostile.css') {
      res.writeHead(200, { 'Content-Type': 'text/css' });
      return res.end(hostile);
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    async stop() {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
