/**
 * Releases the messages of each conversation in seq order on this instance. Messages committed
 * on different instances a moment apart can reach an instance in either order; a message that
 * arrives ahead of a gap waits (at most `maxWaitMs`) for the one before it. Nothing is dropped:
 * late or repeated seqs are delivered at once, and a gap that never fills is skipped after the wait
 * (clients then fetch it with afterSeq).
 */
export class SeqOrderer {
  private readonly streams = new Map<
    string,
    { next: number; waiting: Map<number, () => void>; timer: NodeJS.Timeout | null; touched: number }
  >();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly maxWaitMs = 500,
    private readonly idleMs = 30 * 60_000,
  ) {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  push(key: string, seq: number, deliver: () => void): void {
    const now = Date.now();
    const stream = this.streams.get(key);
    if (!stream) {
      this.streams.set(key, { next: seq + 1, waiting: new Map(), timer: null, touched: now });
      deliver();
      return;
    }
    stream.touched = now;
    if (seq < stream.next) return deliver();
    if (seq > stream.next) {
      stream.waiting.set(seq, deliver);
      if (!stream.timer) this.arm(key, stream);
      return;
    }
    deliver();
    stream.next = seq + 1;
    this.release(key);
  }

  /** Announces the next seq of a stream this instance has not seen yet (a conversation just opened). */
  expect(key: string, next: number): void {
    if (!this.streams.has(key)) this.streams.set(key, { next, waiting: new Map(), timer: null, touched: Date.now() });
  }

  /** Waiting messages of `key`, for tests and metrics. */
  waiting(key: string): number {
    return this.streams.get(key)?.waiting.size ?? 0;
  }

  stop(): void {
    clearInterval(this.sweeper);
    for (const stream of this.streams.values()) if (stream.timer) clearTimeout(stream.timer);
    this.streams.clear();
  }

  private release(key: string): void {
    const stream = this.streams.get(key)!;
    for (let deliver = stream.waiting.get(stream.next); deliver; deliver = stream.waiting.get(stream.next)) {
      stream.waiting.delete(stream.next);
      stream.next += 1;
      deliver();
    }
    // The gap the timer was for is filled; a gap still open now starts its own wait.
    if (stream.timer) clearTimeout(stream.timer);
    stream.timer = null;
    if (stream.waiting.size > 0) this.arm(key, stream);
  }

  private arm(key: string, stream: { timer: NodeJS.Timeout | null }): void {
    stream.timer = setTimeout(() => this.skipGap(key), this.maxWaitMs);
    stream.timer.unref();
  }

  private skipGap(key: string): void {
    const stream = this.streams.get(key);
    if (!stream) return;
    stream.timer = null;
    if (stream.waiting.size === 0) return;
    stream.next = Math.min(...stream.waiting.keys());
    this.release(key);
  }

  private sweep(): void {
    const cutoff = Date.now() - this.idleMs;
    for (const [key, stream] of this.streams) {
      if (stream.touched < cutoff && stream.waiting.size === 0) this.streams.delete(key);
    }
  }
}
