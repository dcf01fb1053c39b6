interface Waiter {
  start(): void;
  /** Set once it started or was refused: the queue skips it. */
  done: boolean;
}

export interface GateOptions {
  /** Pieces of work running at once at most. */
  concurrency: number;
  /** Work waiting beyond which `run` refuses at once. */
  queueMax: number;
  /** How long work may wait for its turn before it is refused (it never starts). */
  maxWaitMs: number;
  /** The error a refused piece of work gets. */
  refuse(): Error;
}

/**
 * A semaphore with a bounded queue in front of the handshake's database work: a reconnect storm
 * waits its turn instead of taking every pooled connection (and failing on the pool's timeout);
 * past the queue bound, or after waiting too long, a handshake is refused with a retryable error.
 */
export class HandshakeGate {
  private running = 0;
  private queue: Waiter[] = [];
  private head = 0;
  private waiting = 0;

  constructor(private readonly options: GateOptions) {}

  /** Work waiting for its turn (not counting what runs). */
  get depth(): number {
    return this.waiting;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.options.concurrency && this.waiting === 0) return this.start(work);
    if (this.waiting >= this.options.queueMax) return Promise.reject(this.options.refuse());
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        done: false,
        start: () => {
          clearTimeout(timer);
          this.start(work).then(resolve, reject);
        },
      };
      const timer = setTimeout(() => {
        if (waiter.done) return;
        waiter.done = true;
        this.waiting -= 1;
        reject(this.options.refuse());
      }, this.options.maxWaitMs);
      timer.unref();
      this.queue.push(waiter);
      this.waiting += 1;
    });
  }

  private async start<T>(work: () => Promise<T>): Promise<T> {
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
      this.next();
    }
  }

  private next(): void {
    while (this.running < this.options.concurrency && this.head < this.queue.length) {
      const waiter = this.queue[this.head++];
      if (waiter.done) continue;
      waiter.done = true;
      this.waiting -= 1;
      waiter.start();
    }
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
