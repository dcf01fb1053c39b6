import type Redis from 'ioredis';

export const REDIS = Symbol('REDIS');

/** Connections to Redis when REDIS_URL is set: commands, rate-limit counters, and the adapter's pub/sub. */
export interface RedisClients {
  command: Redis;
  throttle: Redis;
  pub: Redis;
  sub: Redis;
}
