import { Inject, Logger, OnModuleDestroy, UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { AuthService } from '../agents/auth.service';
import { AccessTokens } from '../common/auth/access-tokens';
import { DomainError } from '../common/domain-error';
import { SessionEvents } from '../common/session-events';
import { createValidationPipe } from '../common/validation';
import { FailedAck, WsErrorFilter, failedAck } from '../common/ws-error.filter';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Message, Sender } from '../conversations/conversation.types';
import { ConversationsService } from '../conversations/conversations.service';
import {
  ConversationRefDto,
  OpenConversationDto,
  SocketAssignDto,
  TypingDto,
} from '../conversations/dto/conversation.dto';
import { parseSocketMessage } from '../conversations/dto/socket-message';
import { VisitorsService } from '../visitors/visitors.service';
import { WebsitesService } from '../websites/websites.service';
import { ConnectionRateLimiter } from './connection-rate-limiter';
import { RealtimePublisher, rooms } from './realtime.publisher';
import { AuthorisedConversation, SocketIdentity, ZendoSocket } from './socket-identity';
import { SocketRateLimitGuard, countEvent } from './socket-rate-limit.guard';

/** How long a socket's right to a conversation is trusted before it is checked again (typing, joins). */
const AUTHORISED_FOR_MS = 60_000;

function remember(socket: ZendoSocket, conversation: Omit<AuthorisedConversation, 'until'>): AuthorisedConversation {
  const known = {
    id: conversation.id,
    websiteId: conversation.websiteId,
    visitorId: conversation.visitorId,
    until: Date.now() + AUTHORISED_FOR_MS,
  };
  socket.data.conversations.set(known.id, known);
  return known;
}

function senderOf(identity: SocketIdentity): Sender {
  return identity.kind === 'agent'
    ? { type: 'agent', id: identity.agent.id }
    : { type: 'visitor', id: identity.visitor.id };
}

/**
 * The one Socket.IO endpoint. Credentials are checked in the handshake; every event is
 * validated, rate limited and authorised again against the conversation, and answers through
 * its acknowledgement. Errors never escape: WsErrorFilter turns them into `{ok: false, error}`.
 *
 * `message:new`, the event nearly all traffic is, skips Nest's per-event pipeline (guard, pipe,
 * filter, interceptors: a fifth of the server's time under load) for a plain listener that does the
 * same three things by hand: countEvent, parseSocketMessage, failedAck.
 */
@WebSocketGateway()
@UseFilters(WsErrorFilter)
@UseGuards(SocketRateLimitGuard)
@UsePipes(createValidationPipe())
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  @WebSocketServer() private server: Server;
  private readonly logger = new Logger('Realtime');
  private readonly expiryTimers = new Map<string, NodeJS.Timeout>();
  private unsubscribe: () => void = () => undefined;

  constructor(
    private readonly conversations: ConversationsService,
    private readonly visitors: VisitorsService,
    private readonly websites: WebsitesService,
    private readonly auth: AuthService,
    private readonly tokens: AccessTokens,
    private readonly publisher: RealtimePublisher,
    private readonly sessions: SessionEvents,
    private readonly limiter: ConnectionRateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  afterInit(server: Server): void {
    this.publisher.attach(server);
    server.use((socket, next) => {
      this.handshake(socket as unknown as ZendoSocket).then(
        () => next(),
        (error: unknown) => {
          const code = error instanceof DomainError ? error.code : 'UNAUTHORIZED';
          if (!(error instanceof DomainError)) this.logger.error(error);
          next(new Error(code));
        },
      );
    });
    // Ended sessions lose their sockets on every instance (the adapter carries the request).
    this.unsubscribe = this.sessions.onRevoked((families) => {
      server.in(families.map(rooms.session)).disconnectSockets(true);
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe();
    for (const timer of this.expiryTimers.values()) clearTimeout(timer);
  }

  private async handshake(socket: ZendoSocket): Promise<void> {
    const ip = socket.handshake.address;
    if (!(await this.limiter.allow(ip))) throw new DomainError('RATE_LIMITED', 'Too many connections', 429);
    const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
    const origin = socket.handshake.headers.origin;
    socket.data.rate = { windowStart: Date.now(), count: 0 };
    socket.data.conversations = new Map();
    if (typeof auth.token === 'string') {
      const agent = this.tokens.verify(auth.token);
      if (!agent || !(await this.auth.isSessionLive(agent.familyId))) {
        throw new DomainError('UNAUTHORIZED', 'Invalid or expired token', 401);
      }
      socket.data.identity = { kind: 'agent', agent };
      const websiteIds = await this.websites.websiteIdsOf(agent.id);
      await socket.join([rooms.agent(agent.id), rooms.session(agent.familyId), ...websiteIds.map(rooms.website)]);
      return;
    }
    const visitor = await this.visitors.authenticate(auth.websiteKey, auth.visitorToken, origin);
    socket.data.identity = { kind: 'visitor', visitor };
    await socket.join(rooms.visitor(visitor.id));
  }

  handleConnection(socket: ZendoSocket): void {
    (socket as unknown as Socket).on('message:new', (...args: unknown[]) => this.messageNew(socket, args));
    const identity = socket.data.identity;
    if (identity?.kind !== 'agent') return;
    // An expired access token ends the socket; the client refreshes and reconnects.
    const ms = identity.agent.exp * 1000 - Date.now();
    const timer = setTimeout(() => socket.disconnect(true), Math.max(0, ms));
    timer.unref();
    this.expiryTimers.set(socket.id, timer);
  }

  handleDisconnect(socket: ZendoSocket): void {
    const timer = this.expiryTimers.get(socket.id);
    if (timer) clearTimeout(timer);
    this.expiryTimers.delete(socket.id);
  }

  @SubscribeMessage('conversation:open')
  async open(@ConnectedSocket() socket: ZendoSocket, @MessageBody() dto: OpenConversationDto) {
    const identity = socket.data.identity;
    if (identity.kind !== 'visitor') throw new DomainError('FORBIDDEN', 'Only visitors open conversations', 403);
    const result = await this.conversations.openAsVisitor(identity.visitor, dto);
    remember(socket, result.conversation);
    return { ok: true, ...result };
  }

  /** `message:new`: payload first, acknowledgement last (as Nest reads event arguments). */
  private messageNew(socket: ZendoSocket, args: unknown[]): void {
    const last = args[args.length - 1];
    type Reply = { ok: true; message: Message } | FailedAck;
    const ack =
      typeof last === 'function'
        ? (last as (body: Reply) => void)
        : (body: Reply) => {
            if (!body.ok) (socket as unknown as Socket).emit('error', body);
          };
    const fail = (error: unknown) => ack(failedAck(error));
    try {
      countEvent(socket);
      const dto = parseSocketMessage(typeof last === 'function' && args.length === 1 ? undefined : args[0]);
      const identity = socket.data.identity;
      const sent =
        identity.kind === 'agent'
          ? this.conversations.sendAsAgent(identity.agent, dto.conversationId, dto)
          : this.conversations.sendAsVisitor(identity.visitor, dto.conversationId, dto);
      sent.then((message) => ack({ ok: true, message }), fail);
    } catch (error) {
      fail(error);
    }
  }

  @SubscribeMessage('conversation:close')
  async close(@ConnectedSocket() socket: ZendoSocket, @MessageBody() dto: ConversationRefDto) {
    const identity = socket.data.identity;
    const conversation =
      identity.kind === 'agent'
        ? await this.conversations.closeAsAgent(identity.agent, dto.conversationId)
        : await this.conversations.closeAsVisitor(identity.visitor, dto.conversationId);
    return { ok: true, conversation };
  }

  @SubscribeMessage('conversation:reopen')
  async reopen(@ConnectedSocket() socket: ZendoSocket, @MessageBody() dto: ConversationRefDto) {
    const identity = socket.data.identity;
    if (identity.kind !== 'agent') throw new DomainError('FORBIDDEN', 'Only agents reopen conversations', 403);
    return { ok: true, conversation: await this.conversations.reopen(identity.agent, dto.conversationId) };
  }

  @SubscribeMessage('conversation:assign')
  async assign(@ConnectedSocket() socket: ZendoSocket, @MessageBody() dto: SocketAssignDto) {
    const identity = socket.data.identity;
    if (identity.kind !== 'agent') throw new DomainError('FORBIDDEN', 'Only agents assign conversations', 403);
    return { ok: true, conversation: await this.conversations.assign(identity.agent, dto.conversationId, dto.agentId) };
  }

  /** Agents watching a conversation join its room, where typing is relayed. */
  @SubscribeMessage('conversation:join')
  async join(@ConnectedSocket() socket: ZendoSocket, @MessageBody() dto: ConversationRefDto) {
    await this.authorise(socket, dto.conversationId);
    await socket.join(rooms.conversation(dto.conversationId));
    return { ok: true };
  }

  @SubscribeMessage('conversation:leave')
  async leave(@ConnectedSocket() socket: ZendoSocket, @MessageBody() dto: ConversationRefDto) {
    await socket.leave(rooms.conversation(dto.conversationId));
    return { ok: true };
  }

  /** Relayed to the other side only, never stored. */
  @SubscribeMessage('typing')
  async typing(@ConnectedSocket() socket: ZendoSocket, @MessageBody() dto: TypingDto) {
    const conversation = await this.authorise(socket, dto.conversationId);
    const identity = socket.data.identity;
    const payload = { conversationId: dto.conversationId, typing: dto.typing, sender: senderOf(identity) };
    if (identity.kind === 'visitor') socket.to(rooms.website(conversation.websiteId)).emit('typing', payload);
    else
      socket.to([rooms.visitor(conversation.visitorId), rooms.conversation(conversation.id)]).emit('typing', payload);
    return { ok: true };
  }

  /** The conversation if this socket's sender may see it; checked at most once a minute per conversation. */
  private async authorise(socket: ZendoSocket, conversationId: string): Promise<AuthorisedConversation> {
    const known = socket.data.conversations.get(conversationId);
    if (known && known.until > Date.now()) return known;
    return remember(socket, await this.conversations.findFor(senderOf(socket.data.identity), conversationId));
  }
}
