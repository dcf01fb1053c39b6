import { Inject, Injectable } from '@nestjs/common';
import { hostname } from 'node:os';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { Db } from '../database/db';
import { connectionsOf, REDIS, RedisClients } from '../redis/redis-clients';

/** Every metric name starts with this. */
export const PREFIX = 'zendo_';

/** This process among the instances of a deployment (not `instance`: Prometheus sets that label itself). */
const INSTANCE_ID = `${hostname()}:${process.pid}`;

/** The outbox is counted at most this often, however often Prometheus scrapes. */
const OUTBOX_CACHE_MS = 5000;

/** Seconds, for operations that take a few milliseconds and should never take seconds. */
const FAST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

type Source<T> = () => T;

/**
 * The one registry of the process, and every metric Zendo exports (`GET /metrics`). Modules
 * count and observe through the fields here; gauges whose value lives elsewhere (queue depth,
 * sockets, the outbox) are read only when scraped, from sources the owning modules register, so
 * nothing on the hot path does more than bump a counter or a histogram bucket.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private appendQueue: Source<number> | null = null;
  private sockets: Source<Record<string, number>> | null = null;
  private outbox: Source<Promise<number>> | null = null;
  private outboxCache: { value: number; at: number } | null = null;

  readonly handshakesRefused = new Counter({
    name: `${PREFIX}socket_handshakes_refused_total`,
    help: 'Socket handshakes refused, by error code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly handshakeDuration = new Histogram({
    name: `${PREFIX}socket_handshake_duration_seconds`,
    help: 'Socket handshakes from the connect request to accepted or refused, by outcome (ok or the error code)',
    labelNames: ['outcome'] as const,
    buckets: FAST_BUCKETS,
    registers: [this.registry],
  });

  readonly socketEvents = new Histogram({
    name: `${PREFIX}socket_event_duration_seconds`,
    help: 'Client socket events from arrival to acknowledgement, by event and outcome (ok or the error code)',
    labelNames: ['event', 'outcome'] as const,
    buckets: FAST_BUCKETS,
    registers: [this.registry],
  });

  readonly messagesStored = new Counter({
    name: `${PREFIX}messages_stored_total`,
    help: 'Messages stored, by sender type',
    labelNames: ['sender'] as const,
    registers: [this.registry],
  });

  readonly appendDuration = new Histogram({
    name: `${PREFIX}append_duration_seconds`,
    help: 'One append from submission to stored: the wait for a batch and its write',
    buckets: FAST_BUCKETS,
    registers: [this.registry],
  });

  readonly appendBatchDuration = new Histogram({
    name: `${PREFIX}append_batch_duration_seconds`,
    help: 'Writing one batch of appends (one statement and its commit)',
    buckets: FAST_BUCKETS,
    registers: [this.registry],
  });

  readonly appendBatchSize = new Histogram({
    name: `${PREFIX}append_batch_size`,
    help: 'Appends written together in one statement',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    registers: [this.registry],
  });

  readonly appendRefused = new Counter({
    name: `${PREFIX}append_refused_total`,
    help: 'Appends refused BUSY and never written, by the bound that refused them: depth (APPEND_QUEUE_MAX), wait (APPEND_MAX_WAIT_MS) or predicted (APPEND_MAX_PREDICTED_MS)',
    labelNames: ['bound'] as const,
    registers: [this.registry],
  });

  readonly fanoutDuration = new Histogram({
    name: `${PREFIX}fanout_duration_seconds`,
    help: 'From a conversation event published after commit to its emit to local sockets; origin local or remote (another instance, through Redis)',
    labelNames: ['origin'] as const,
    buckets: FAST_BUCKETS,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'HTTP requests by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: FAST_BUCKETS,
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: `${PREFIX}rate_limit_refusals_total`,
    help: 'Requests, events and handshakes refused by a rate limit, by the limit',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  constructor(
    private readonly db: Db,
    @Inject(REDIS) private readonly redis: RedisClients | null,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
    this.gauge(
      {
        name: `${PREFIX}sockets_connected`,
        help: 'Sockets connected to this instance, by kind (agent or visitor)',
        labelNames: ['kind', 'instance_id'],
      },
      (gauge) => {
        const counts = { agent: 0, visitor: 0, ...this.sockets?.() };
        for (const [kind, n] of Object.entries(counts)) gauge.set({ kind, instance_id: INSTANCE_ID }, n);
      },
    );
    this.gauge(
      {
        name: `${PREFIX}append_queue_depth`,
        help: 'Appends waiting for a batch (not counting the batch being written)',
      },
      (gauge) => gauge.set(this.appendQueue?.() ?? 0),
    );
    this.gauge(
      {
        name: `${PREFIX}db_pool_connections`,
        help: 'PostgreSQL pool: connections open (total), idle, and checkouts waiting for one',
        labelNames: ['state'],
      },
      (gauge) => {
        const pool = this.db.pool;
        gauge.set({ state: 'total' }, pool.totalCount);
        gauge.set({ state: 'idle' }, pool.idleCount);
        gauge.set({ state: 'waiting' }, pool.waitingCount);
      },
    );
    this.gauge(
      {
        name: `${PREFIX}redis_up`,
        help: 'Whether each Redis connection is ready (1) or not (0); absent without REDIS_URL',
        labelNames: ['connection'],
      },
      (gauge) => {
        for (const [connection, client] of this.redis ? connectionsOf(this.redis) : []) {
          gauge.set({ connection }, client.status === 'ready' ? 1 : 0);
        }
      },
    );
    this.gauge(
      {
        name: `${PREFIX}notification_outbox_backlog`,
        help: 'Mails waiting in the outbox (pending, not failed for good); counted at most every 5 s',
      },
      async (gauge) => {
        const value = await this.outboxBacklog();
        if (value !== null) gauge.set(value);
      },
    );
  }

  /** A gauge computed on scrape by `collect`, which reads the sources the modules registered. */
  private gauge(
    config: { name: string; help: string; labelNames?: string[] },
    collect: (gauge: Gauge) => void | Promise<void>,
  ): void {
    const gauge: Gauge = new Gauge({ ...config, registers: [this.registry], collect: () => collect(gauge) });
  }

  /** The append batcher's queue depth, read on scrape. */
  watchAppendQueue(depth: Source<number>): void {
    this.appendQueue = depth;
  }

  /** How many sockets of each kind this instance holds, counted on scrape. */
  watchSockets(sockets: Source<Record<string, number>>): void {
    this.sockets = sockets;
  }

  /** How many mails are waiting, queried on scrape (at most every 5 s). */
  watchOutbox(backlog: Source<Promise<number>>): void {
    this.outbox = backlog;
  }

  /** The text Prometheus scrapes. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private async outboxBacklog(): Promise<number | null> {
    if (!this.outbox) return null;
    const cached = this.outboxCache;
    if (cached && Date.now() - cached.at < OUTBOX_CACHE_MS) return cached.value;
    try {
      const value = await this.outbox();
      this.outboxCache = { value, at: Date.now() };
      return value;
    } catch {
      // The database is away: the last count, or none; /healthz says what is down.
      return cached?.value ?? null;
    }
  }
}
