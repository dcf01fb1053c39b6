import type { Cluster, Redis } from 'ioredis';

export const REDIS = Symbol('REDIS');

/** One Redis (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES); both speak the same commands here. */
export type RedisClient = Redis | Cluster;

/** Connections to Redis when it is configured: commands, rate-limit counters, and the adapter's pub/sub. */
export interface RedisClients {
  command: RedisClient;
  throttle: RedisClient;
  pub: RedisClient;
  sub: RedisClient;
  /** Whether these are Redis Cluster clients (fan-out then uses sharded pub/sub). */
  cluster: boolean;
}

/** The connections of `clients`, without the flag. */
export function connectionsOf(clients: RedisClients): [string, RedisClient][] {
  const { command, throttle, pub, sub } = clients;
  return Object.entries({ command, throttle, pub, sub });
}

/** How long a limit waits for Redis before it counts on this instance instead. */
const LIMIT_WAIT_MS = 300;

/**
 * `shared()` in Redis, or `local()` on this instance when Redis is not connected, fails or does not
 * answer within 300 ms (down, restarting, paused): limits then hold per instance for the outage,
 * and what they guard (messages, handshakes) keeps working instead of waiting on Redis.
 */
export async function sharedOrLocal<T>(
  client: RedisClient,
  shared: () => Promise<T>,
  local: () => T | Promise<T>,
): Promise<T> {
  if (client.status !== 'ready') return local();
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      shared(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('Redis did not answer in time')), LIMIT_WAIT_MS);
      }),
    ]);
  } catch {
    return local();
  } finally {
    clearTimeout(timer);
  }
}
