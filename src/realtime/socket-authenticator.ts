import { Inject, Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { clientAddressOf } from '../common/client-address';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AccessTokens } from '../common/auth/access-tokens';
import { DomainError, RateLimited } from '../common/domain-error';
import { ConnectionRateLimiter } from './connection-rate-limiter';
import { HandshakeCredentials } from './handshake-credentials';
import { rooms, ZendoSocket } from './socket-types';

const UNAUTHORIZED = () => new DomainError('UNAUTHORIZED', 'Invalid or expired token', 401);

/**
 * Who a socket is, decided once in the handshake: an agent by a live access token (in the rooms
 * of their websites, their own and their session's), or a visitor by website key and visitor
 * token (in their own room; the website's origin allowlist applies). Refusals are domain errors
 * whose code becomes the `connect_error` message. Lookups are cached and queued
 * (HandshakeCredentials): a storm waits, and past the queue's bound is refused BUSY.
 */
@Injectable()
export class SocketAuthenticator {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly credentials: HandshakeCredentials,
    private readonly limiter: ConnectionRateLimiter,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.clientAddress = clientAddressOf(config.trustProxy);
  }

  private readonly clientAddress: (req: IncomingMessage) => string;

  async authenticate(socket: ZendoSocket): Promise<void> {
    if (!(await this.limiter.allow(this.clientAddress(socket.request)))) {
      throw new RateLimited(60, 'Too many connections', 'socket_connect');
    }
    const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
    socket.data.rate = { windowStart: Date.now(), count: 0 };
    if (typeof auth.token === 'string') {
      const agent = this.tokens.verify(auth.token);
      if (!agent || !(await this.credentials.sessionLive(agent.familyId))) throw UNAUTHORIZED();
      socket.data.actor = { type: 'agent', id: agent.id };
      socket.data.agent = agent;
      const websiteIds = await this.credentials.websiteIdsOf(agent.id);
      await socket.join([rooms.agent(agent.id), rooms.session(agent.familyId), ...websiteIds.map(rooms.website)]);
      return;
    }
    const visitor = await this.credentials.visitor(auth.websiteKey, auth.visitorToken, socket.handshake.headers.origin);
    socket.data.actor = visitor;
    await socket.join([rooms.visitor(visitor.id), rooms.websiteVisitors(visitor.websiteId)]);
  }
}
