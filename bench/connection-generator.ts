/**
 * The connections scenario's client process: thousands of idle visitor sockets (reconnecting like
 * the widget, with socket.io-client's default backoff), plus a few active conversations that keep
 * sending through a server restart with an outbox (pending until acknowledged, re-sent with the
 * same clientMessageId after a reconnect), and agents that catch up over REST afterwards.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { io, Socket } from 'socket.io-client';
import type { GeneratorWebsite, SocketTarget } from './load-protocol';

export type ConnectionCommand =
  | { type: 'connect'; targets: SocketTarget[]; concurrency: number }
  | { type: 'traffic'; websites: GeneratorWebsite[]; apiUrl: string | null }
  | { type: 'traffic-begin'; ratePerConversation: number }
  | { type: 'mark' }
  | { type: 'traffic-stop' }
  | { type: 'status' }
  | { type: 'restart-end'; settleMs: number }
  | { type: 'close' };

export interface ConnectReport {
  type: 'connected';
  connected: number;
  failed: number;
  errors: Record<string, number>;
  /** Retryable refusals (BUSY, UNAVAILABLE, RATE_LIMITED) the ramp waited out, by code. */
  retried: Record<string, number>;
  durationMs: number;
  handshake: number[];
}

export interface StatusReport {
  type: 'status';
  total: number;
  connected: number;
  /** Sockets that stopped trying (socket.io-client does not retry a refusal by the server). */
  gaveUp: number;
  /** connect_error messages seen since the restart mark. */
  errors: Record<string, number>;
  /** ms from the restart mark to each socket's first reconnect. */
  reconnected: number[];
}

export interface RestartReport {
  type: 'restart-end';
  created: number;
  acked: number;
  /** Still unacknowledged at the end because their socket had not come back. */
  pendingAtEnd: number;
  /** Messages the visitor created that the server never stored (or, for the relay, never delivered). */
  lost: number;
  /** Messages stored more than once (two seqs for one clientMessageId). */
  storedTwice: number;
  deliveredLive: number;
  /** Messages an agent missed live and found through `?afterSeq=` afterwards. */
  recoveredByCatchUp: number;
  /** Deliveries of a message the agent already had (the client de-duplicates them by seq). */
  repeatedDeliveries: number;
  catchUp: boolean;
}

interface Pending {
  s: number;
  clientMessageId: string;
  body: string;
}

interface Active {
  id: string;
  /** The agent token that may read this conversation's history. */
  token: string;
  socket: Socket;
  pending: Map<number, Pending>;
  next: number;
  created: number;
  acked: number;
}

const RUN = randomBytes(4).toString('hex');
const sockets: Socket[] = [];
const active: Active[] = [];
const agents: Socket[] = [];
/** conversation id → message ids seen live, by the sender's sequence number. */
const seenLive = new Map<string, Map<number, Set<string>>>();
let repeatedDeliveries = 0;
let deliveredLive = 0;
let apiUrl: string | null = null;
let mark = 0;
const reconnected = new Map<Socket, number>();
let connectErrors: Record<string, number> = {};
let sending: NodeJS.Timeout | null = null;

function reply(message: object): void {
  process.send?.(message);
}

/** Refusals that say "not now" rather than "no": the client tries again after `data.retryAfter`. */
const RETRYABLE = new Set(['BUSY', 'UNAVAILABLE', 'RATE_LIMITED']);
/** Refused sockets waiting to try again (socket.io-client does not retry a refusal by itself). */
const retrying = new Set<Socket>();

function retryable(error: Error): boolean {
  return RETRYABLE.has(error.message);
}

/** The server's `retryAfter` (1 s when it names none), with ±50% jitter so a storm spreads out. */
function retryDelayMs(error: Error): number {
  const seconds = (error as Error & { data?: { retryAfter?: number } }).data?.retryAfter ?? 1;
  return seconds * 1000 * (0.5 + Math.random());
}

function retryLater(socket: Socket, error: Error): void {
  retrying.add(socket);
  setTimeout(() => {
    retrying.delete(socket);
    socket.connect();
  }, retryDelayMs(error));
}

function open(target: SocketTarget): Socket {
  return io(target.url, { path: '/socket.io/', transports: ['websocket'], auth: target.auth, forceNew: true });
}

/**
 * The first connection; a refusal ends the socket, unless it is retryable (BUSY, UNAVAILABLE,
 * RATE_LIMITED: tried again after the server's retryAfter, jittered). Later drops are left to its
 * reconnection.
 */
function firstConnect(socket: Socket, onRetry: (code: string) => void = () => undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const refused = (error: Error) => {
      if (retryable(error) && socket.active === false) {
        onRetry(error.message);
        socket.once('connect_error', refused);
        retryLater(socket, error);
        return;
      }
      socket.off('connect', connected);
      socket.disconnect();
      reject(error);
    };
    const connected = () => {
      socket.off('connect_error', refused);
      resolve();
    };
    socket.once('connect', connected);
    socket.once('connect_error', refused);
  });
}

function watch(socket: Socket): Socket {
  socket.on('connect', () => {
    if (mark && !reconnected.has(socket)) reconnected.set(socket, performance.now() - mark);
  });
  socket.on('connect_error', (error) => {
    if (mark) connectErrors[error.message] = (connectErrors[error.message] ?? 0) + 1;
    // A refusal by the server ends socket.io-client's own reconnection; a retryable one is retried here.
    if (retryable(error) && !socket.active) retryLater(socket, error);
  });
  sockets.push(socket);
  return socket;
}

async function connectAll(targets: SocketTarget[], concurrency: number): Promise<ConnectReport> {
  const started = performance.now();
  const handshake: number[] = [];
  const errors: Record<string, number> = {};
  const retried: Record<string, number> = {};
  const onRetry = (code: string) => (retried[code] = (retried[code] ?? 0) + 1);
  let next = 0;
  let failed = 0;
  const lanes = Array.from({ length: Math.min(concurrency, targets.length) }, async () => {
    while (next < targets.length) {
      const target = targets[next++];
      const t0 = performance.now();
      const socket = open(target);
      try {
        await firstConnect(socket, onRetry);
        handshake.push(performance.now() - t0);
        watch(socket);
      } catch (error) {
        failed += 1;
        const code = (error as Error).message;
        errors[code] = (errors[code] ?? 0) + 1;
      }
    }
  });
  await Promise.all(lanes);
  return {
    type: 'connected',
    connected: handshake.length,
    failed,
    errors,
    retried,
    durationMs: Math.round(performance.now() - started),
    handshake,
  };
}

function onAgentMessage(payload: { message?: { id: string; conversationId: string; body: string } }): void {
  const m = payload?.message;
  if (!m || typeof m.body !== 'string' || !m.body.startsWith('{')) return;
  const parsed = JSON.parse(m.body) as { r?: string; s?: number };
  if (parsed.r !== RUN || typeof parsed.s !== 'number') return;
  const bySeq = seenLive.get(m.conversationId) ?? new Map<number, Set<string>>();
  seenLive.set(m.conversationId, bySeq);
  const ids = bySeq.get(parsed.s) ?? new Set<string>();
  bySeq.set(parsed.s, ids);
  if (ids.has(m.id)) repeatedDeliveries += 1;
  else deliveredLive += 1;
  ids.add(m.id);
}

async function setupTraffic(websites: GeneratorWebsite[], api: string | null): Promise<void> {
  apiUrl = api;
  for (const website of websites) {
    const agent = watch(open(website.agent));
    await firstConnect(agent);
    agent.on('message:new', onAgentMessage);
    agents.push(agent);
    for (const target of website.visitors) {
      const socket = watch(open(target));
      await firstConnect(socket);
      const opened = (await socket.timeout(10_000).emitWithAck('conversation:open', {})) as {
        ok: boolean;
        conversation: { id: string };
      };
      if (!opened.ok) throw new Error(`conversation:open refused: ${JSON.stringify(opened)}`);
      const conversation: Active = {
        id: opened.conversation.id,
        token: String(website.agent.auth.token ?? ''),
        socket,
        pending: new Map(),
        next: 0,
        created: 0,
        acked: 0,
      };
      // After a reconnect, whatever was not acknowledged goes again with the same clientMessageId.
      socket.on('connect', () => conversation.pending.forEach((p) => transmit(conversation, p)));
      active.push(conversation);
    }
  }
  reply({ type: 'ready' });
}

function transmit(conversation: Active, message: Pending): void {
  if (!conversation.socket.connected) return;
  conversation.socket
    .timeout(5000)
    .emit(
      'message:new',
      { conversationId: conversation.id, body: message.body, clientMessageId: message.clientMessageId },
      (error: Error | null, ack?: { ok: boolean }) => {
        if (!error && ack?.ok && conversation.pending.delete(message.s)) conversation.acked += 1;
        else if (error && conversation.pending.has(message.s)) transmit(conversation, message);
      },
    );
}

function beginTraffic(ratePerConversation: number): void {
  if (active.length === 0) return;
  const interval = 1000 / ratePerConversation / active.length;
  let i = 0;
  sending = setInterval(() => {
    const conversation = active[i++ % active.length];
    conversation.next += 1;
    conversation.created += 1;
    const message: Pending = {
      s: conversation.next,
      clientMessageId: randomUUID(),
      body: JSON.stringify({ r: RUN, s: conversation.next, x: 'still there?' }),
    };
    conversation.pending.set(message.s, message);
    transmit(conversation, message);
  }, interval);
}

async function history(conversationId: string, token: string): Promise<{ id: string; seq: number; body: string }[]> {
  const all: { id: string; seq: number; body: string }[] = [];
  let after = 0;
  for (let page = 0; page < 100; page++) {
    const res = await fetch(`${apiUrl}/api/v1/conversations/${conversationId}/messages?afterSeq=${after}&limit=200`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.status !== 200) throw new Error(`history ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { messages: { id: string; seq: number; body: string }[]; hasMore: boolean };
    all.push(...body.messages);
    if (!body.hasMore || body.messages.length === 0) break;
    after = body.messages[body.messages.length - 1].seq;
  }
  return all;
}

async function endRestart(settleMs: number): Promise<RestartReport> {
  const deadline = performance.now() + settleMs;
  while (performance.now() < deadline && active.some((c) => c.pending.size > 0)) {
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 500));
  let lost = 0;
  let storedTwice = 0;
  let recovered = 0;
  for (const conversation of active) {
    const live = seenLive.get(conversation.id) ?? new Map<number, Set<string>>();
    if (apiUrl) {
      const stored = new Map<number, number>();
      for (const m of await history(conversation.id, conversation.token)) {
        const parsed = JSON.parse(m.body) as { r?: string; s?: number };
        if (parsed.r === RUN && typeof parsed.s === 'number') stored.set(parsed.s, (stored.get(parsed.s) ?? 0) + 1);
      }
      for (let s = 1; s <= conversation.created; s++) {
        const n = stored.get(s) ?? 0;
        if (n === 0 && !conversation.pending.has(s)) lost += 1;
        if (n > 1) storedTwice += n - 1;
        if (n > 0 && !live.has(s)) recovered += 1;
      }
    } else {
      for (let s = 1; s <= conversation.created; s++) if (!live.has(s) && !conversation.pending.has(s)) lost += 1;
    }
  }
  return {
    type: 'restart-end',
    created: active.reduce((a, c) => a + c.created, 0),
    acked: active.reduce((a, c) => a + c.acked, 0),
    pendingAtEnd: active.reduce((a, c) => a + c.pending.size, 0),
    lost,
    storedTwice,
    deliveredLive,
    recoveredByCatchUp: recovered,
    repeatedDeliveries,
    catchUp: apiUrl !== null,
  };
}

process.on('message', (command: ConnectionCommand) => {
  const handle = async () => {
    switch (command.type) {
      case 'connect':
        reply(await connectAll(command.targets, command.concurrency));
        break;
      case 'traffic':
        await setupTraffic(command.websites, command.apiUrl);
        break;
      case 'traffic-begin':
        beginTraffic(command.ratePerConversation);
        reply({ type: 'ok' });
        break;
      case 'traffic-stop':
        if (sending) clearInterval(sending);
        reply({ type: 'ok' });
        break;
      case 'mark':
        mark = performance.now();
        reconnected.clear();
        connectErrors = {};
        reply({ type: 'ok' });
        break;
      case 'status':
        reply({
          type: 'status',
          total: sockets.length,
          connected: sockets.filter((s) => s.connected).length,
          gaveUp: sockets.filter((s) => !s.connected && !s.active && !retrying.has(s)).length,
          errors: connectErrors,
          reconnected: [...reconnected.values()],
        } satisfies StatusReport);
        break;
      case 'restart-end':
        reply(await endRestart(command.settleMs));
        break;
      case 'close':
        for (const s of sockets) s.disconnect();
        process.exit(0);
    }
  };
  handle().catch((error: unknown) => reply({ type: 'error', message: String((error as Error)?.stack ?? error) }));
});
process.on('disconnect', () => process.exit(0));
