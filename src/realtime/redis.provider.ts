import { Global, Inject, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/app-config';

export const REDIS = Symbol('REDIS');

/** Connections to Redis when REDIS_URL is set: one for commands, two for the adapter's pub/sub. */
export interface RedisClients {
  command: Redis;
  pub: Redis;
  sub: Redis;
}

const redisProvider: Provider = {
  provide: REDIS,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): RedisClients | null => {
    if (!config.redisUrl) return null;
    const make = () =>
      new Redis(config.redisUrl!, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
    return { command: make(), pub: make(), sub: make() };
  },
};

@Global()
@Module({ providers: [redisProvider], exports: [REDIS] })
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: RedisClients | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis) return;
    await Promise.all(Object.values(this.redis).map((client: Redis) => client.quit().catch(() => client.disconnect())));
  }
}
