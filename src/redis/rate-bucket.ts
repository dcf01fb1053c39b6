import { Inject, Injectable } from '@nestjs/common';
import { REDIS, RedisClient, RedisClients, sharedOrLocal } from './redis-clients';

/** Refills `rate` tokens a second up to `burst`; takes `cost`; answers the milliseconds to wait when refused (0: allowed). */
const TAKE = `
  local rate, burst, cost, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
  local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
  local tokens = tonumber(state[1]) or burst
  local at = tonumber(state[2]) or now
  tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
  local wait = 0
  if tokens >= cost then tokens = tokens - cost else wait = math.ceil((cost - tokens) * 1000 / rate) end
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
  return wait`;

/**
 * Token buckets: a sustained rate with bursts, for limits that must hold across a client's sockets
 * and instances (in Redis when configured, one script call; in memory otherwise).
 */
@Injectable()
export class RateBucket {
  private readonly local = new Map<string, { tokens: number; at: number }>();
  private readonly redis: (RedisClient & { zendoTake(key: string, ...args: number[]): Promise<number> }) | null;

  constructor(@Inject(REDIS) clients: RedisClients | null) {
    if (clients) clients.command.defineCommand('zendoTake', { numberOfKeys: 1, lua: TAKE });
    this.redis = clients
      ? (clients.command as RedisClient & { zendoTake(key: string, ...args: number[]): Promise<number> })
      : null;
  }

  /** Milliseconds until `cost` tokens would be there; 0 when they were, and were taken. */
  async take(key: string, rate: number, burst: number, cost = 1): Promise<number> {
    const now = Date.now();
    const redis = this.redis;
    if (redis) {
      const shared = () => redis.zendoTake(`bucket:${key}`, rate, burst, cost, now);
      return sharedOrLocal(redis, shared, () => this.takeLocally(key, rate, burst, cost, now));
    }
    return this.takeLocally(key, rate, burst, cost, now);
  }

  private takeLocally(key: string, rate: number, burst: number, cost: number, now: number): number {
    const state = this.local.get(key) ?? { tokens: burst, at: now };
    state.tokens = Math.min(burst, state.tokens + ((now - state.at) * rate) / 1000);
    state.at = now;
    if (this.local.size > 100_000) this.local.clear();
    this.local.set(key, state);
    if (state.tokens >= cost) {
      state.tokens -= cost;
      return 0;
    }
    return Math.ceil(((cost - state.tokens) * 1000) / rate);
  }
}
