import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PresenceModule } from '../presence/presence.module';
import { VisitorsModule } from '../visitors/visitors.module';
import { WebsitesModule } from '../websites/websites.module';
import { ClientEvents } from './client-events';
import { ConnectionRateLimiter } from './connection-rate-limiter';
import { ConversationFanout } from './conversation-fanout';
import { EventRouter } from './event-router';
import { HandshakeCredentials } from './handshake-credentials';
import { RealtimeDelivery } from './realtime-delivery';
import { RealtimeGateway } from './realtime.gateway';
import { SocketAuthenticator } from './socket-authenticator';
import { SocketConversations } from './socket-conversations';
import { SocketRateLimit } from './socket-rate-limit';
import { TypingRelay } from './typing-relay';

/**
 * The transport: it depends on the feature modules (their services and events), and none of them
 * on it.
 */
@Module({
  imports: [AgentsModule, WebsitesModule, VisitorsModule, ConversationsModule, PresenceModule, NotificationsModule],
  providers: [
    RealtimeGateway,
    SocketAuthenticator,
    HandshakeCredentials,
    ConnectionRateLimiter,
    SocketRateLimit,
    EventRouter,
    ClientEvents,
    TypingRelay,
    SocketConversations,
    ConversationFanout,
    RealtimeDelivery,
  ],
})
export class RealtimeModule {}
