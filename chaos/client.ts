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
/** A failed catch-up is tried again after Retry-After, or after this back-off (doubling, jittered). */
const CATCH_UP_RETRY_MS = 500;
const CATCH_UP_RETRY_MAX_MS = 5000;
/**
 * How long a catch-up may take: after a Redis restart every client asks at once and answers take
 * seconds on a loaded machine; giving up sooner only makes the server do the work twice.
 */
const CATCH_UP_TIMEOUT_MS = 15_000;
/** How long a hole in the seqs held may stay before it is fetched. */
const GAP_WAIT_MS = 1000;

/**
 * A client that behaves like the widget (and the console): one socket to one of the instances,
 * reconnecting with jittered back-off to the next instance when its own is gone; an outbox that
 * sends one message at a time, oldest first, and again (same clientMessageId) when an ack does
 * not come or says BUSY/UNAVAILABLE/RATE_LIMITED (after its retryAfter); and a
 * catch-up with `afterSeq` after every reconnect and whenever a live message leaves a gap (a
 * refused one waits for its Retry-After, a failed one backs off). Each client has an address of
 * its own (`X-Forwarded-For`, believed by the instances as from a proxy on loopback), as real
 * visitors and agents do: per-address limits count each client, not the whole run.
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
  /** Connection attempts that failed, by reason (the server's error message, or the transport's). */
  readonly connectErrors: Record<string, number> = {};
  /** Catch-up requests answered with another status than 200, by status. */
  readonly catchUpErrors: Record<string, number> = {};
  connected = false;
  private readonly liveSeen = new Set<string>();
  private readonly outbox: Pending[] = [];
  private readonly catchUps = new Set<string>();
  /** Per conversation: no catch-up before this time (performance.now()), and the failures in a row. */
  private readonly catchUpRetry = new Map<string, { at: number; failures: number }>();
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
    /** The client's own address, sent as X-Forwarded-For. */
    readonly address: string,
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
    for (const timer of this.gapTimers.values()) clearTimeout(timer);
    this.socket?.disconnect();
  }

  private connect(): void {
    if (this.closed) return;
    const socket = io(this.url, {
      path: '/socket.io/',
      transports: ['websocket'],
      auth: this.auth,
      extraHeaders: { 'X-Forwarded-For': this.address },
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
    socket.on('connect_error', (error: Error) => {
      this.connectErrors[error.message] = (this.connectErrors[error.message] ?? 0) + 1;
      lost();
    });
    socket.on('message:new', ({ message }: { message: { id: string; seq: number; conversationId: string } }) => {
      const key = `${message.conversationId}:${message.id}`;
      if (this.liveSeen.has(key)) this.duplicateLive += 1;
      this.liveSeen.add(key);
      const list = this.held.get(message.conversationId);
      if (!list) return;
      list.set(message.id, { id: message.id, seq: message.seq });
      this.watchGap(message.conversationId);
    });
  }

  private tick(): void {
    this.pump();
    if (this.connected) for (const id of [...this.catchUps]) void this.catchUp(id);
  }

  /** Sends the oldest message that may go, one at a time as the widget does (the next after its ack). */
  private pump(): void {
    const socket = this.socket;
    if (!socket || !this.connected || this.outbox.some((m) => m.inFlight)) return;
    const now = performance.now();
    const item = this.outbox.find((m) => m.notBefore <= now);
    if (item) {
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
              this.watchGap(item.conversationId);
              const at = this.outbox.indexOf(item);
              // (an answer from an earlier socket may come after the same message was acked again)
              if (at >= 0) this.outbox.splice(at, 1);
              return;
            }
            const code = ack.error?.code ?? 'UNKNOWN';
            this.ackErrors[code] = (this.ackErrors[code] ?? 0) + 1;
            if (this.socket === socket) item.inFlight = false;
            item.notBefore = performance.now() + (ack.error?.retryAfter ?? 1) * 1000;
          },
          () => {
            // No ack in time: sent again, same id (the server answers a stored one with it).
            this.ackErrors.TIMEOUT = (this.ackErrors.TIMEOUT ?? 0) + 1;
            // (after a reconnect it is already marked to go again on the new socket)
            if (this.socket === socket) item.inFlight = false;
          },
        )
        .finally(() => {
          if (this.socket === socket) this.pump();
        });
    }
  }

  /**
   * A seq held above one missing (live or by ack) is fetched if the hole is still there a moment
   * later: a message the fan-out lost is seen by the next one in its conversation, whichever side
   * sent it (a hole that only reflects the order acks and broadcasts arrived in fills by itself).
   */
  private watchGap(conversationId: string): void {
    const list = this.held.get(conversationId);
    if (!list || this.gapTimers.has(conversationId) || contiguousSeq(list) === maxSeq(list)) return;
    const timer = setTimeout(() => {
      this.gapTimers.delete(conversationId);
      if (!this.closed && contiguousSeq(list) < maxSeq(list)) this.catchUps.add(conversationId);
    }, GAP_WAIT_MS);
    this.gapTimers.set(conversationId, timer);
  }

  private readonly gapTimers = new Map<string, NodeJS.Timeout>();
  private readonly fetching = new Set<string>();

  private async catchUp(conversationId: string): Promise<void> {
    if (this.fetching.has(conversationId)) return;
    const retry = this.catchUpRetry.get(conversationId);
    if (retry && retry.at > performance.now()) return;
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
          headers: {
            'X-Forwarded-For': this.address,
            ...(visitor
              ? { 'X-Visitor-Token': this.auth.visitorToken }
              : { authorization: `Bearer ${this.auth.token}` }),
          },
          signal: AbortSignal.timeout(CATCH_UP_TIMEOUT_MS),
        });
        if (res.status !== 200) {
          this.catchUpErrors[res.status] = (this.catchUpErrors[res.status] ?? 0) + 1;
          throw new CatchUpRefused(Number(res.headers.get('retry-after')) || 0);
        }
        const page = (await res.json()) as { messages: Held[]; hasMore: boolean };
        for (const m of page.messages) list.set(m.id, { id: m.id, seq: m.seq });
        if (!page.hasMore || page.messages.length === 0) break;
        after = page.messages[page.messages.length - 1].seq;
      }
      this.catchUpRetry.delete(conversationId);
    } catch (error) {
      this.catchUps.add(conversationId);
      const failures = (this.catchUpRetry.get(conversationId)?.failures ?? 0) + 1;
      const backOff = Math.min(CATCH_UP_RETRY_MAX_MS, CATCH_UP_RETRY_MS * 2 ** (failures - 1)) * (0.5 + Math.random());
      const wait =
        error instanceof CatchUpRefused && error.retryAfterSeconds > 0 ? error.retryAfterSeconds * 1000 : backOff;
      this.catchUpRetry.set(conversationId, { at: performance.now() + wait, failures });
    } finally {
      this.fetching.delete(conversationId);
    }
  }
}

class CatchUpRefused extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`catch-up refused (retry after ${retryAfterSeconds} s)`);
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
