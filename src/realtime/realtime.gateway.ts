import { Logger } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import { DomainError, RateLimited, retryAfterOf } from '../common/domain-error';
import { MetricsService } from '../metrics/metrics.service';
import { isDatabaseUnavailable } from '../database/db-errors';
import { PresenceService } from '../presence/presence.service';
import { ViewersService } from '../presence/viewers.service';
import { ConversationFanout } from './conversation-fanout';
import { EventRouter } from './event-router';
import { HandshakeCredentials } from './handshake-credentials';
import { RealtimeDelivery } from './realtime-delivery';
import { SocketAuthenticator } from './socket-authenticator';
import type { ZendoServer, ZendoSocket } from './socket-types';

/**
 * A refused handshake: the `connect_error` message is the code; a retryable one (BUSY,
 * UNAVAILABLE, RATE_LIMITED) carries `data.retryAfter`, seconds to wait before trying again.
 */
function refusal(code: string, retryAfter: number | undefined): Error {
  const error = new Error(code) as Error & { data?: { retryAfter: number } };
  if (retryAfter !== undefined) error.data = { retryAfter };
  return error;
}

/**
 * The one Socket.IO endpoint: credentials are checked in the handshake, then every event a
 * socket sends goes through the event router (nothing here knows any event by name), and an
 * agent's sockets count towards their presence.
 */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger('Realtime');

  constructor(
    private readonly authenticator: SocketAuthenticator,
    private readonly router: EventRouter,
    private readonly fanout: ConversationFanout,
    private readonly delivery: RealtimeDelivery,
    private readonly presence: PresenceService,
    private readonly viewers: ViewersService,
    private readonly metrics: MetricsService,
    private readonly credentials: HandshakeCredentials,
  ) {}

  afterInit(server: ZendoServer): void {
    this.fanout.attach(server);
    this.delivery.attach(server);
    this.credentials.attach(server);
    this.measure(server);
    const { handshakeDuration } = this.metrics;
    server.use((socket, next) => {
      const started = performance.now();
      const took = (outcome: string) => handshakeDuration.observe({ outcome }, (performance.now() - started) / 1000);
      this.authenticator.authenticate(socket).then(
        () => {
          took('ok');
          next();
        },
        (error: unknown) => {
          // A database that is briefly gone is not a bad credential: the client retries as it is.
          const unavailable = isDatabaseUnavailable(error);
          const code = unavailable ? 'UNAVAILABLE' : error instanceof DomainError ? error.code : 'UNAUTHORIZED';
          took(code);
          if (unavailable) return next(refusal(code, 1));
          if (!(error instanceof DomainError)) this.logger.error(error);
          this.metrics.handshakesRefused.inc({ code });
          if (error instanceof RateLimited) this.metrics.rateLimited.inc({ limit: error.limit });
          next(refusal(code, retryAfterOf(error)));
        },
      );
    });
  }

  /** Sockets are counted when scraped; each event is one histogram observation (and a refusal, one count). */
  private measure(server: ZendoServer): void {
    const { socketEvents, rateLimited } = this.metrics;
    this.metrics.watchSockets(() => {
      const counts: Record<string, number> = { agent: 0, visitor: 0 };
      for (const socket of server.sockets.sockets.values()) {
        const kind = socket.data.actor?.type;
        if (kind) counts[kind] = (counts[kind] ?? 0) + 1;
      }
      return counts;
    });
    this.router.observe((event, outcome, startedAt, error) => {
      // Clients may send any name: only the table's events are labels of their own.
      const label = outcome === 'UNKNOWN_EVENT' ? 'unknown' : event;
      socketEvents.observe({ event: label, outcome }, (performance.now() - startedAt) / 1000);
      if (error instanceof RateLimited) rateLimited.inc({ limit: error.limit });
    });
  }

  handleConnection(socket: ZendoSocket): void {
    this.router.attach(socket);
    const agent = socket.data.agent;
    if (!agent) return;
    // An expired access token ends the socket; the client refreshes and reconnects.
    const timer = setTimeout(() => socket.disconnect(true), Math.max(0, agent.exp * 1000 - Date.now()));
    timer.unref();
    this.quietly(this.presence.connected(agent.id));
    socket.once('disconnect', () => {
      clearTimeout(timer);
      this.quietly(this.presence.disconnected(agent.id));
      this.quietly(this.viewers.drop(socket.id));
    });
  }

  private quietly(work: Promise<void>): void {
    work.catch((error: unknown) => this.logger.warn(`presence: ${(error as Error).message}`));
  }
}
