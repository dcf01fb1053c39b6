import type Redis from 'ioredis';

export const REDIS = Symbol('REDIS');

/** Connections to Redis when REDIS_URL is set: commands, rate-limit counters, and the adapter's pub/sub. */
export interface RedisClients {
  command: Redis;
  throttle: Redis;
  pub: Redis;
  sub: Redis;
}

/** How long a limit waits for Redis before it counts on this instance instead. */
const LIMIT_WAIT_MS = 300;

/**
 * `shared()` in Redis, or `local()` on this instance when Redis is not connected, fails or does not
 * answer within 300 ms (down, restarting, paused): limits then hold per instance for the outage,
 * and what they guard (messages, handshakes) keeps working instead of waiting on Redis.
 */
export async function sharedOrLocal<T>(
  client: Redis,
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
