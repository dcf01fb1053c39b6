import { Global, Inject, Logger, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { Cluster, Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RateBucket } from './rate-bucket';
import { RateWindow } from './rate-window';
import { connectionsOf, REDIS, RedisClient, RedisClients } from './redis-clients';

export { REDIS } from './redis-clients';
export type { RedisClient, RedisClients } from './redis-clients';

/** Resolves once the client is ready, or after `ms` (Redis down at boot: the app starts, /healthz says 503). */
function ready(client: RedisClient, ms: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

const OPTIONS = { maxRetriesPerRequest: 2, enableOfflineQueue: true } as const;

/** A client for one Redis or for a Redis Cluster, as configured; `subscriber` for the adapter's subscriptions. */
export function redisClient(config: AppConfig, keyPrefix: string | undefined, subscriber = false): RedisClient {
  const cluster = config.redisCluster;
  if (!cluster) return new Redis(config.redisUrl!, { ...OPTIONS, keyPrefix });
  return new Cluster(cluster.nodes, {
    keyPrefix,
    // SSUBSCRIBE goes to the node owning the channel's slot, re-subscribed when slots move.
    shardedSubscribers: subscriber,
    enableOfflineQueue: true,
    redisOptions: {
      ...OPTIONS,
      username: cluster.username ?? undefined,
      password: cluster.password ?? undefined,
      tls: cluster.tls ? {} : undefined,
    },
  });
}

const redisProvider: Provider = {
  provide: REDIS,
  inject: [APP_CONFIG],
  useFactory: async (config: AppConfig): Promise<RedisClients | null> => {
    if (!config.redisUrl && !config.redisCluster) return null;
    const logger = new Logger('Redis');
    const make = (keyPrefix?: string, subscriber = false) => {
      const client = redisClient(config, keyPrefix, subscriber);
      // ioredis reconnects by itself; the errors are logged so an outage shows in the logs (and /healthz).
      client.on('error', (error: Error) => logger.warn(error.message));
      return client;
    };
    // The adapter names its channels itself (the prefix is its key); commands get the prefix from ioredis.
    const clients: RedisClients = {
      command: make(config.redisPrefix),
      throttle: make(`${config.redisPrefix}throttle:`),
      pub: make(),
      sub: make(undefined, true),
      cluster: config.redisCluster !== null,
    };
    // The adapter subscribes as soon as it exists; a SUBSCRIBE sent before ioredis's own ready
    // check (INFO) puts the connection in subscriber mode, fails the check and drops it, losing
    // what was published meanwhile. So the adapter only comes once every client is ready.
    await Promise.all(connectionsOf(clients).map(([, client]) => ready(client, 10_000)));
    return clients;
  },
};

@Global()
@Module({ providers: [redisProvider, RateWindow, RateBucket], exports: [REDIS, RateWindow, RateBucket] })
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: RedisClients | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis) return;
    await Promise.all(connectionsOf(this.redis).map(([, client]) => client.quit().catch(() => client.disconnect())));
  }
}
