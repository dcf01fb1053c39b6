import { Global, Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { VisitorsModule } from '../visitors/visitors.module';
import { WebsitesModule } from '../websites/websites.module';
import { ConnectionRateLimiter } from './connection-rate-limiter';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimePublisher } from './realtime.publisher';

/** Publishing is global (services call it after commit); the gateway consumes the domain modules. */
@Global()
@Module({ providers: [RealtimePublisher], exports: [RealtimePublisher] })
export class RealtimePublisherModule {}

@Module({
  imports: [AgentsModule, WebsitesModule, VisitorsModule, ConversationsModule],
  providers: [RealtimeGateway, ConnectionRateLimiter],
})
export class RealtimeModule {}
