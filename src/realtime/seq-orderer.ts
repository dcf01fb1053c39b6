interface Stream {
  /** The next seq to deliver. */
  next: number;
  /** Deliveries of seqs ahead of a gap, by seq. */
  waiting: Map<number, () => void>;
  /** Deliveries to run once everything before `seq` is delivered, by that seq. */
  before: Map<number, (() => void)[]>;
  timer: NodeJS.Timeout | null;
  touched: number;
}

/**
 * The one place conversation events are put in order on an instance. Events of one conversation
 * committed on different instances a moment apart can reach an instance in either order; each
 * carries its place in the conversation's stream, and is handed on here in that order:
 *
 * - `push(key, seq)`: the event of message `seq` (seqs are gapless per conversation). One that
 *   arrives ahead of a gap waits, at most `maxWaitMs`, for the ones before it.
 * - `after(key, seq)`: an event with no seq of its own that follows message `seq` (a status change
 *   made when `seq` was the last message; a new conversation is `after(key, 0)`).
 *
 * Nothing is dropped: late or repeated seqs are delivered at once, a gap that never fills is
 * skipped after the wait (clients then fetch it with afterSeq), and stop() delivers what waits.
 */
export class SeqOrderer {
  private readonly streams = new Map<string, Stream>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly maxWaitMs = 500,
    private readonly idleMs = 30 * 60_000,
  ) {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  push(key: string, seq: number, deliver: () => void): void {
    const stream = this.pending(key, seq, deliver);
    if (!stream) return;
    if (seq > stream.next) {
      stream.waiting.set(seq, deliver);
      if (!stream.timer) this.arm(key, stream);
      return;
    }
    deliver();
    stream.next = seq + 1;
    this.release(key, stream);
  }

  after(key: string, seq: number, deliver: () => void): void {
    const stream = this.pending(key, seq, deliver);
    if (!stream) return;
    const queued = stream.before.get(seq + 1);
    if (queued) queued.push(deliver);
    else stream.before.set(seq + 1, [deliver]);
    if (!stream.timer) this.arm(key, stream);
  }

  /** Events of `key` waiting for a gap to fill, for tests and metrics. */
  waiting(key: string): number {
    const stream = this.streams.get(key);
    if (!stream) return 0;
    let count = stream.waiting.size;
    for (const list of stream.before.values()) count += list.length;
    return count;
  }

  /** Stops the timers and delivers, in order, everything still waiting. */
  stop(): void {
    clearInterval(this.sweeper);
    for (const [key, stream] of this.streams) {
      if (stream.timer) clearTimeout(stream.timer);
      stream.timer = null;
      while (stream.waiting.size > 0 || stream.before.size > 0) this.skipTo(key, stream, this.firstWaiting(stream));
      if (stream.timer) clearTimeout(stream.timer);
    }
    this.streams.clear();
  }

  /**
   * Delivers at once what cannot wait: the first event of a stream this instance has not seen
   * (which starts the stream after `seq`), and events for places already passed. Otherwise the
   * stream, for the caller to decide.
   */
  private pending(key: string, seq: number, deliver: () => void): Stream | null {
    const stream = this.streams.get(key);
    if (!stream) {
      this.streams.set(key, { next: seq + 1, waiting: new Map(), before: new Map(), timer: null, touched: Date.now() });
      deliver();
      return null;
    }
    stream.touched = Date.now();
    if (seq < stream.next) {
      deliver();
      return null;
    }
    return stream;
  }

  /** Delivers, from `next` on, everything no longer behind a gap. */
  private release(key: string, stream: Stream): void {
    for (;;) {
      const before = stream.before.get(stream.next);
      if (before) {
        stream.before.delete(stream.next);
        before.forEach((deliver) => deliver());
      }
      const deliver = stream.waiting.get(stream.next);
      if (!deliver) break;
      stream.waiting.delete(stream.next);
      stream.next += 1;
      deliver();
    }
    // The gap the timer was for is filled; a gap still open now starts its own wait.
    if (stream.timer) clearTimeout(stream.timer);
    stream.timer = null;
    if (stream.waiting.size > 0 || stream.before.size > 0) this.arm(key, stream);
  }

  private arm(key: string, stream: Stream): void {
    stream.timer = setTimeout(() => {
      stream.timer = null;
      if (this.streams.get(key) === stream) this.skipTo(key, stream, this.firstWaiting(stream));
    }, this.maxWaitMs);
    stream.timer.unref();
  }

  /** The earliest place anything waits for. */
  private firstWaiting(stream: Stream): number {
    return Math.min(...stream.waiting.keys(), ...stream.before.keys());
  }

  /** Gives up on the gap before `seq`: what waits for earlier places goes first, then on from `seq`. */
  private skipTo(key: string, stream: Stream, seq: number): void {
    if (!Number.isFinite(seq)) return;
    stream.next = Math.max(stream.next, seq);
    this.release(key, stream);
  }

  private sweep(): void {
    const cutoff = Date.now() - this.idleMs;
    for (const [key, stream] of this.streams) {
      if (stream.touched < cutoff && stream.waiting.size === 0 && stream.before.size === 0) this.streams.delete(key);
    }
  }
}
