import { Global, Inject, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/app-config';

export const REDIS = Symbol('REDIS');

/** Connections to Redis when REDIS_URL is set: commands, rate-limit counters, and the adapter's pub/sub. */
export interface RedisClients {
  command: Redis;
  throttle: Redis;
  pub: Redis;
  sub: Redis;
}

const redisProvider: Provider = {
  provide: REDIS,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): RedisClients | null => {
    if (!config.redisUrl) return null;
    const make = (keyPrefix?: string) =>
      new Redis(config.redisUrl!, { maxRetriesPerRequest: 2, enableOfflineQueue: true, keyPrefix });
    // The adapter names its channels itself (the prefix is its key); commands get the prefix from ioredis.
    return {
      command: make(config.redisPrefix),
      throttle: make(`${config.redisPrefix}throttle:`),
      pub: make(),
      sub: make(),
    };
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
