import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AgentsModule } from './agents/agents.module';
import { AuditModule } from './audit/audit.module';
import { CannedResponsesModule } from './canned-responses/canned-responses.module';
import { AuthModule } from './common/auth/auth.module';
import { CommonModule } from './common/common.module';
import { HttpErrorFilter } from './common/http-error.filter';
import { BY_EMAIL, BY_IP, emailTracker } from './common/rate-limit';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { ConversationsModule } from './conversations/conversations.module';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { HealthModule } from './health/health.module';
import { InvitesModule } from './invites/invites.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { RealtimeModule } from './realtime/realtime.module';
import { REDIS, RedisClients, RedisModule } from './redis/redis.module';
import { FallbackThrottlerStorage } from './redis/throttler-storage';
import { VisitorsModule } from './visitors/visitors.module';
import { WebsitesModule } from './websites/websites.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule,
        AuditModule,
        DatabaseModule,
        RedisModule,
        MetricsModule,
        AuthModule,
        // Applied only where RateLimitGuard is used (auth and widget routes).
        ThrottlerModule.forRootAsync({
          inject: [REDIS],
          useFactory: (redis: RedisClients | null) => ({
            // Shared by every instance when Redis is configured, so limits hold across the cluster.
            storage: redis ? new FallbackThrottlerStorage(redis.throttle) : undefined,
            throttlers: [
              { name: BY_IP, ttl: 60_000, limit: config.authRateLimit },
              { name: BY_EMAIL, ttl: 60_000, limit: config.authRateLimit, getTracker: emailTracker },
            ],
          }),
        }),
        HealthModule,
        AgentsModule,
        WebsitesModule,
        VisitorsModule,
        ConversationsModule,
        RealtimeModule,
        InvitesModule,
        CannedResponsesModule,
        NotificationsModule,
        DemoModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpErrorFilter }],
    };
  }
}
