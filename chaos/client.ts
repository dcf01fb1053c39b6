import { randomUUID } from 'node:crypto';
import { io, Socket } from 'socket.io-client';

/** A message as a client holds it. */
interface Held {
  id: string;
  seq: number;
}

interface Pending {
  conversationId: string;
  clientMessageId: string;
  body: string;
  /** Not sent again before this time (performance.now()). */
  notBefore: number;
  inFlight: boolean;
}

const ACK_TIMEOUT_MS = 3000;
const PAGE = 200;

/**
 * A client that behaves like the widget (and the console): one socket to one of the instances,
 * reconnecting with jittered back-off to the next instance when its own is gone; an outbox that
 * sends again, same clientMessageId, when an ack does not come or says BUSY/UNAVAILABLE; and a
 * catch-up with `afterSeq` after every reconnect and whenever a live message leaves a gap.
 */
export class ChaosClient {
  socket: Socket | null = null;
  /** Per conversation: message id → seq, whatever way it arrived. */
  readonly held = new Map<string, Map<string, Held>>();
  /** Live `message:new` deliveries of an id already held from a live delivery on this client. */
  duplicateLive = 0;
  /** Acked sends: clientMessageId → the stored message's id and seq. */
  readonly acked = new Map<string, Held & { conversationId: string }>();
  readonly ackErrors: Record<string, number> = {};
  connected = false;
  private readonly liveSeen = new Set<string>();
  private readonly outbox: Pending[] = [];
  private readonly catchUps = new Set<string>();
  private urlIndex: number;
  private closed = false;
  private attempts = 0;
  private timer: NodeJS.Timeout;

  constructor(
    readonly name: string,
    private readonly urls: string[],
    home: number,
    private readonly auth: Record<string, string>,
    readonly conversations: string[],
  ) {
    this.urlIndex = home % urls.length;
    for (const id of conversations) this.held.set(id, new Map());
    this.timer = setInterval(() => this.tick(), 250);
  }

  get url(): string {
    return this.urls[this.urlIndex];
  }

  /** Connects (first time); resolves on the first connect or rejects after 15 s. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${this.name}: no connection in 15 s`)), 15_000);
      const check = setInterval(() => {
        if (this.connected) {
          clearTimeout(t);
          clearInterval(check);
          resolve();
        }
      }, 20);
      this.connect();
    });
  }

  adopt(conversationId: string): void {
    if (!this.held.has(conversationId)) this.held.set(conversationId, new Map());
    if (!this.conversations.includes(conversationId)) this.conversations.push(conversationId);
  }

  send(conversationId: string, body: string): void {
    this.outbox.push({ conversationId, clientMessageId: randomUUID(), body, notBefore: 0, inFlight: false });
    this.pump();
  }

  get unacked(): number {
    return this.outbox.length;
  }

  /** Asks for everything after what is held in each conversation (as on a reconnect or wake). */
  catchUpAll(): void {
    for (const id of this.conversations) this.catchUps.add(id);
  }

  get catchingUp(): number {
    return this.catchUps.size;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    this.socket?.disconnect();
  }

  private connect(): void {
    if (this.closed) return;
    const socket = io(this.url, {
      path: '/socket.io/',
      transports: ['websocket'],
      auth: this.auth,
      reconnection: false,
      forceNew: true,
      timeout: 5000,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.connected = true;
      this.attempts = 0;
      // Whatever was missed while away comes with afterSeq.
      this.catchUpAll();
      for (const item of this.outbox) item.inFlight = false;
      this.pump();
    });
    const lost = () => {
      if (this.socket !== socket) return;
      this.connected = false;
      socket.removeAllListeners();
      socket.disconnect();
      this.socket = null;
      this.attempts += 1;
      // After a failure, the next instance; back-off with jitter, capped at 2 s.
      if (this.attempts > 1) this.urlIndex = (this.urlIndex + 1) % this.urls.length;
      const delay = Math.min(2000, 100 * 2 ** Math.min(this.attempts, 5)) * (0.5 + Math.random());
      setTimeout(() => this.connect(), delay);
    };
    socket.on('disconnect', lost);
    socket.on('connect_error', lost);
    socket.on('message:new', ({ message }: { message: { id: string; seq: number; conversationId: string } }) => {
      const key = `${message.conversationId}:${message.id}`;
      if (this.liveSeen.has(key)) this.duplicateLive += 1;
      this.liveSeen.add(key);
      const list = this.held.get(message.conversationId);
      if (!list) return;
      const before = maxSeq(list);
      list.set(message.id, { id: message.id, seq: message.seq });
      if (message.seq > before + 1) this.catchUps.add(message.conversationId);
    });
  }

  private tick(): void {
    this.pump();
    if (this.connected) for (const id of [...this.catchUps]) void this.catchUp(id);
  }

  private pump(): void {
    const socket = this.socket;
    if (!socket || !this.connected) return;
    const now = performance.now();
    for (const item of this.outbox) {
      if (item.inFlight || item.notBefore > now) continue;
      item.inFlight = true;
      socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('message:new', {
          conversationId: item.conversationId,
          body: item.body,
          clientMessageId: item.clientMessageId,
        })
        .then(
          (ack: {
            ok: boolean;
            message?: { id: string; seq: number };
            error?: { code: string; retryAfter?: number };
          }) => {
            if (ack.ok && ack.message) {
              this.acked.set(item.clientMessageId, { ...ack.message, conversationId: item.conversationId });
              this.held.get(item.conversationId)?.set(ack.message.id, ack.message);
              this.outbox.splice(this.outbox.indexOf(item), 1);
              return;
            }
            const code = ack.error?.code ?? 'UNKNOWN';
            this.ackErrors[code] = (this.ackErrors[code] ?? 0) + 1;
            item.inFlight = false;
            item.notBefore = performance.now() + (ack.error?.retryAfter ?? 1) * 1000;
          },
          () => {
            // No ack in time: sent again, same id (the server answers a stored one with it).
            this.ackErrors.TIMEOUT = (this.ackErrors.TIMEOUT ?? 0) + 1;
            item.inFlight = false;
          },
        );
    }
  }

  private readonly fetching = new Set<string>();

  private async catchUp(conversationId: string): Promise<void> {
    if (this.fetching.has(conversationId)) return;
    this.fetching.add(conversationId);
    this.catchUps.delete(conversationId);
    const list = this.held.get(conversationId)!;
    try {
      let after = contiguousSeq(list);
      for (;;) {
        const visitor = 'visitorToken' in this.auth;
        const path = visitor
          ? `/api/v1/widget/conversations/${conversationId}/messages`
          : `/api/v1/conversations/${conversationId}/messages`;
        const res = await fetch(`${this.url}${path}?afterSeq=${after}&limit=${PAGE}`, {
          headers: visitor
            ? { 'X-Visitor-Token': this.auth.visitorToken }
            : { authorization: `Bearer ${this.auth.token}` },
          signal: AbortSignal.timeout(5000),
        });
        if (res.status !== 200) throw new Error(`catch-up ${res.status}`);
        const page = (await res.json()) as { messages: Held[]; hasMore: boolean };
        for (const m of page.messages) list.set(m.id, { id: m.id, seq: m.seq });
        if (!page.hasMore || page.messages.length === 0) break;
        after = page.messages[page.messages.length - 1].seq;
      }
    } catch {
      this.catchUps.add(conversationId);
    } finally {
      this.fetching.delete(conversationId);
    }
  }
}

function maxSeq(list: Map<string, Held>): number {
  let max = 0;
  for (const m of list.values()) if (m.seq > max) max = m.seq;
  return max;
}

/** The highest seq up to which every seq is held (what afterSeq asks after). */
function contiguousSeq(list: Map<string, Held>): number {
  const seqs = new Set([...list.values()].map((m) => m.seq));
  let n = 0;
  while (seqs.has(n + 1)) n += 1;
  return n;
}
