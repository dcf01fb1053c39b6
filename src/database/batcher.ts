import { BatchCost } from './batch-cost';

/** Requests waiting below which maxPredictedMs refuses nothing. */
const PREDICTED_FLOOR = 16;
/** How long overload lasts after its last refusal on the estimate, when `standingMs` gates it. */
const OVERLOAD_HOLD_MS = 1000;

/** What a batch write answers for each of its requests, in their order. */
export type Outcome<Res> = { ok: true; value: Res } | { ok: false; error: unknown };

/** The bound that refused a request: maxDepth, maxWaitMs or maxPredictedMs. */
export type RefusedBy = 'depth' | 'wait' | 'predicted';

export interface BatcherOptions {
  /** Requests written together at most. */
  maxBatch: number;
  /**
   * Whether a failure of a whole batch may be caused by one of its requests (a row the database
   * refuses), so the batch is split in halves until the culprit fails alone. Failures that are
   * not (a lost connection) fail the whole batch at once.
   */
  isolate(error: unknown): boolean;
  /** Requests waiting (not counting the batch being written) beyond which `submit` refuses at once. */
  maxDepth?: number;
  /**
   * How long a request may wait for its batch; one still queued after that is refused and never
   * written. A request in a batch already sent is not: it is written and answered as usual.
   */
  maxWaitMs?: number;
  /**
   * How long a request may be expected to take, from its submission to its batch's commit, beyond
   * which `submit` refuses it at once. The expectation is the rest of the batch being written plus
   * the batches ahead of it and its own, at what recent batches cost (`BatchCost`). Unlike
   * maxWaitMs it refuses before anything waits, so what is accepted is answered within about this
   * long even when far more is offered than the database can write.
   */
  maxPredictedMs?: number;
  /**
   * When set, maxPredictedMs applies only in overload: once a standing queue has lasted this long
   * (every batch cut in that time was full and left requests behind, which group commit never does
   * while the database keeps up), and until OVERLOAD_HOLD_MS pass without a refusal. A burst the
   * queue absorbs, or one slow commit, leaves it off: such requests wait rather than being refused.
   */
  standingMs?: number;
  /** The error a refused request gets, told which bound refused it. */
  refuse?: (bound: RefusedBy) => unknown;
  /** Told of each batch written and of each request answered, for the metrics. */
  observer?: BatchObserver;
}

export interface BatchObserver {
  /** A batch was written (committed or failed): how many requests, and how long the write took (ms). */
  written(size: number, ms: number): void;
  /** A request was answered, `ms` after it was submitted (its wait for a batch and the write). */
  answered(ms: number): void;
}

interface Pending<Req, Res> {
  request: Req;
  /** performance.now() when it was submitted. */
  at: number;
  resolve(value: Res): void;
  reject(error: unknown): void;
}

/**
 * Group commit, without knowing what is written. Requests that arrive while a batch is being
 * written wait, then go together in the next one: one round trip and one commit for all of
 * them. One batch is written at a time, and the next one is sent as soon as the previous
 * `write` resolves (committed), before the previous batch's callers hear back, so its round
 * trip overlaps with their acknowledgements. At low load a batch is a single request, sent at
 * the end of the current turn of the event loop; under load batches grow and commits per second
 * stay few. Requests keep their arrival order inside and across batches.
 *
 * With one batch at a time, two batches never compete for the same rows: a request always sees
 * everything committed before it.
 */
export class Batcher<Req, Res> {
  private queue: Pending<Req, Res>[] = [];
  /** Index of the oldest request still queued: taking a batch is a slice, never a shift per item. */
  private head = 0;
  private scheduled = false;
  private expiry: NodeJS.Timeout | null = null;
  private readonly cost = new BatchCost();
  /** The batch being written, if any: how many requests, and performance.now() when it was sent. */
  private inFlight: { size: number; since: number } | null = null;
  /** When the current run of cuts that left requests behind began (null: the last cut took them all). */
  private standingSince: number | null = null;
  /** Overload holds until then (performance.now()), renewed by every refusal on the estimate. */
  private overloadUntil = 0;

  constructor(
    private readonly write: (batch: Req[]) => Promise<Outcome<Res>[]>,
    private readonly options: BatcherOptions,
  ) {}

  /** Requests waiting for a batch (not counting the one being written). */
  get depth(): number {
    return this.queue.length - this.head;
  }

  submit(request: Req): Promise<Res> {
    const { maxDepth } = this.options;
    if (maxDepth !== undefined && this.depth >= maxDepth) return Promise.reject(this.refusal('depth'));
    if (this.tooSlow()) {
      this.overloadUntil = performance.now() + OVERLOAD_HOLD_MS;
      return Promise.reject(this.refusal('predicted'));
    }
    return new Promise<Res>((resolve, reject) => {
      this.queue.push({ request, at: performance.now(), resolve, reject });
      this.schedule();
      this.armExpiry();
    });
  }

  /** Whether a request submitted now is expected to be answered later than maxPredictedMs. */
  private tooSlow(): boolean {
    const { maxPredictedMs, maxBatch } = this.options;
    // A short queue is never refused on the estimate: with nothing ahead a request is written at
    // once, and the batches it makes are what keep the estimate up to date (without them a high
    // estimate would refuse everything for good); a few ahead is what a burst at low load looks
    // like, where the line through batches of one to three says least.
    if (maxPredictedMs === undefined || this.depth < PREDICTED_FLOOR || !this.overloaded()) return false;
    const full = this.cost.predict(maxBatch);
    if (full === null) return false;
    // The batch being written: what is left of its expected time (none once it is overdue).
    const { inFlight } = this;
    const current = inFlight
      ? Math.max(0, this.cost.predict(inFlight.size)! - (performance.now() - inFlight.since))
      : 0;
    const fullAhead = Math.floor(this.depth / maxBatch);
    const own = this.cost.predict(this.depth - fullAhead * maxBatch + 1)!;
    return current + fullAhead * full + own > maxPredictedMs;
  }

  /** Whether the estimate may refuse: always, unless `standingMs` limits it to a standing queue. */
  private overloaded(): boolean {
    const { standingMs } = this.options;
    if (!standingMs) return true;
    const now = performance.now();
    return now < this.overloadUntil || (this.standingSince !== null && now - this.standingSince >= standingMs);
  }

  private refusal(bound: RefusedBy): unknown {
    return this.options.refuse?.(bound) ?? new Error(`refused (${bound})`);
  }

  /**
   * Refuses the requests that have waited longer than maxWaitMs. They are queued in arrival
   * order, so the expired ones are the oldest: a prefix of the queue, taken off by moving `head`.
   */
  private expire(): void {
    const { maxWaitMs } = this.options;
    if (maxWaitMs === undefined) return;
    const oldest = performance.now() - maxWaitMs;
    while (this.head < this.queue.length && this.queue[this.head].at <= oldest) {
      const expired = this.queue[this.head];
      this.head += 1;
      expired.reject(this.refusal('wait'));
    }
    this.compact();
  }

  /** While anything waits, checks for expired requests often enough to refuse them on time. */
  private armExpiry(): void {
    const { maxWaitMs } = this.options;
    if (maxWaitMs === undefined || this.expiry || this.depth === 0) return;
    const due = this.queue[this.head].at + maxWaitMs - performance.now();
    this.expiry = setTimeout(
      () => {
        this.expiry = null;
        this.expire();
        this.armExpiry();
      },
      Math.max(1, Math.ceil(due)),
    );
    this.expiry.unref();
  }

  private compact(): void {
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  /**
   * Resolves true once nothing is queued or being written, false after `timeoutMs`: at shutdown,
   * before the pool closes, so requests already accepted are written and answered.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (this.depth > 0 || this.inFlight) {
      if (Date.now() >= until) return false;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return true;
  }

  /** Gathers what arrives in the same turn of the event loop before starting a batch. */
  private schedule(): void {
    if (this.inFlight || this.scheduled || this.depth === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.next();
    });
  }

  private next(): void {
    if (this.inFlight) return;
    // What waited too long is refused before the batch is cut: it is never sent to the database.
    this.expire();
    if (this.depth === 0) return;
    const end = Math.min(this.head + this.options.maxBatch, this.queue.length);
    const batch = this.queue.slice(this.head, end);
    this.head = end;
    this.compact();
    const started = performance.now();
    if (this.depth === 0) this.standingSince = null;
    else this.standingSince ??= started;
    this.inFlight = { size: batch.length, since: started };
    void this.writeIsolating(batch.map((p) => p.request)).then((outcomes) => {
      this.inFlight = null;
      this.next();
      const observer = this.options.observer;
      const now = performance.now();
      this.cost.observe(batch.length, now - started);
      observer?.written(batch.length, now - started);
      outcomes.forEach((outcome, i) => {
        observer?.answered(now - batch[i].at);
        if (outcome.ok) batch[i].resolve(outcome.value);
        else batch[i].reject(outcome.error);
      });
    });
  }

  /** Writes the batch; when it fails as a whole for a reason one request may cause, each half alone. */
  private async writeIsolating(requests: Req[]): Promise<Outcome<Res>[]> {
    try {
      const outcomes = await this.write(requests);
      if (outcomes.length !== requests.length) throw new Error('the batch did not answer every request');
      return outcomes;
    } catch (error) {
      if (requests.length === 1 || !this.options.isolate(error)) return requests.map(() => ({ ok: false, error }));
      const half = Math.ceil(requests.length / 2);
      const first = await this.writeIsolating(requests.slice(0, half));
      return [...first, ...(await this.writeIsolating(requests.slice(half)))];
    }
  }
}
