import { Module, Provider } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { REDIS, RedisClients } from '../redis/redis.module';
import { WebsitesModule } from '../websites/websites.module';
import { PresenceController } from './presence.controller';
import { PresenceService } from './presence.service';
import { MemoryPresenceStore, PresenceStore } from './presence.store';
import { PRESENCE_STORE_TOKEN } from './presence.tokens';
import { RedisPresenceStore } from './redis-presence.store';
import { ViewersService } from './viewers.service';

const storeProvider: Provider = {
  provide: PRESENCE_STORE_TOKEN,
  inject: [REDIS, APP_CONFIG],
  useFactory: (redis: RedisClients | null, config: AppConfig): PresenceStore =>
    redis
      ? new RedisPresenceStore(redis.command, config.redisPrefix, config.presenceTtlSeconds * 1000)
      : new MemoryPresenceStore(),
};

/** Presence of agents and viewers of conversations, shared by every instance. */
@Module({
  imports: [WebsitesModule],
  controllers: [PresenceController],
  providers: [storeProvider, PresenceService, ViewersService],
  exports: [PresenceService, ViewersService],
})
export class PresenceModule {}
