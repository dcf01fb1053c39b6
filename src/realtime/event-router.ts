import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError, errorBody, RateLimited, retryAfterOf } from '../common/domain-error';
import { databaseUnavailable, isDatabaseUnavailable } from '../database/db-errors';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RateBucket } from '../redis/rate-bucket';
import { parseInput } from '../common/input';
import { ClientEvent, ClientEvents } from './client-events';
import { SocketRateLimit } from './socket-rate-limit';
import type { FailedAck, ZendoSocket } from './socket-types';

/**
 * Told how each event ended: 'ok' or the error code, when it started (performance.now()), and
 * what it failed with (nothing when it succeeded).
 */
export type EventObserver = (event: string, outcome: string, startedAt: number, error?: unknown) => void;

const logger = new Logger('Realtime');

/** What a failed event answers: a domain error as it is, anything else INTERNAL. */
export function failedAck(error: unknown): FailedAck {
  if (isDatabaseUnavailable(error)) {
    logger.warn(`database unavailable: ${(error as Error).message}`);
    error = databaseUnavailable();
  }
  const retryAfter = retryAfterOf(error);
  if (retryAfter !== undefined) {
    const { error: body } = errorBody(error as DomainError);
    return { ok: false, error: { ...body, retryAfter } };
  }
  if (error instanceof DomainError) return { ok: false, ...errorBody(error) };
  return { ok: false, ...errorBody({ code: 'INTERNAL', message: 'Something went wrong on our side' }) };
}

const UNKNOWN_EVENT = new DomainError('UNKNOWN_EVENT', 'This server has no such event', 400);

/**
 * Every client→server event goes through here: looked up in the one table (client-events.ts),
 * counted against the rate limit, its payload parsed by its schema, handled, and answered through
 * its acknowledgement: `{ok: true, …}` or `{ok: false, error}` (or an `error` event when the
 * client sent no acknowledgement). Errors never escape and the socket stays up.
 *
 * One listener function serves every socket (Socket.IO's `onAny`, called with the socket as
 * `this`), so a socket's memory does not grow with the number of events. Observers are the one
 * place where logging and metrics of events attach.
 */
@Injectable()
export class EventRouter {
  private readonly table: ReadonlyMap<string, ClientEvent>;
  private readonly observers: EventObserver[] = [];
  private readonly listener: (this: ZendoSocket, event: string, ...args: unknown[]) => void;

  constructor(
    events: ClientEvents,
    private readonly limit: SocketRateLimit,
    private readonly buckets: RateBucket,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.table = new Map(Object.entries(events.table));
    const dispatch = (socket: ZendoSocket, event: string, args: unknown[]) => this.dispatch(socket, event, args);
    this.listener = function (this: ZendoSocket, event: string, ...args: unknown[]) {
      dispatch(this, event, args);
    };
  }

  attach(socket: ZendoSocket): void {
    socket.onAny(this.listener);
  }

  /** Adds `observer`, called once per event with how it ended ('ok' or the error code). */
  observe(observer: EventObserver): void {
    this.observers.push(observer);
  }

  private dispatch(socket: ZendoSocket, name: string, args: unknown[]): void {
    const startedAt = performance.now();
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as (reply: unknown) => void) : undefined;
    const payload = ack && args.length === 1 ? undefined : args[0];
    const reply = (body: { ok: true } | FailedAck, error?: unknown) => {
      for (const observe of this.observers) observe(name, body.ok ? 'ok' : body.error.code, startedAt, error);
      if (ack) ack(body);
      else if (!body.ok) socket.emit('error', body);
    };
    const fail = (error: unknown) => {
      // Not a domain error: a fault of ours, logged with the socket's id and an id for this event.
      if (!(error instanceof DomainError)) {
        logger.error({
          msg: 'socket event failed',
          event: name,
          socketId: socket.id,
          requestId: randomUUID(),
          err: error,
        });
      }
      reply(failedAck(error), error);
    };
    try {
      const event = this.table.get(name);
      if (!event) throw UNKNOWN_EVENT;
      this.limit.count(socket, event.cost);
      const dto = parseInput(event.input, payload);
      const actor = socket.data.actor;
      if (event.paced && actor.type === 'visitor') {
        // The visitor's own rate, shared by all their sockets (and instances, through Redis).
        const { visitorMessagesPerSecond: rate, visitorMessageBurst: burst } = this.config.limits;
        this.buckets
          .take(`visitor:${actor.id}`, rate, burst)
          .then((waitMs) => {
            if (waitMs > 0)
              throw new RateLimited(Math.ceil(waitMs / 1000), `At most ${rate} messages a second`, 'visitor_messages');
            return event.handle(socket, dto);
          })
          .then((value) => reply({ ok: true, ...value }), fail);
        return;
      }
      const result = event.handle(socket, dto);
      if (result instanceof Promise) result.then((value) => reply({ ok: true, ...value }), fail);
      else reply({ ok: true, ...result });
    } catch (error) {
      fail(error);
    }
  }
}
