import { Inject, Injectable } from '@nestjs/common';
import { REDIS, RedisClients, sharedOrLocal } from './redis-clients';

export interface Hit {
  allowed: boolean;
  /** Seconds until the window that refused starts over (≥ 1). */
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters for limits that must hold across instances: in Redis when configured
 * (INCR on a key that expires with its window), in memory otherwise.
 */
@Injectable()
export class RateWindow {
  private readonly local = new Map<string, { start: number; count: number }>();

  constructor(@Inject(REDIS) private readonly redis: RedisClients | null) {}

  /** How many hits the key has in the current window, without adding one. */
  async peek(key: string, windowMs: number): Promise<number> {
    const window = Math.floor(Date.now() / windowMs);
    const local = () => {
      const entry = this.local.get(key);
      return entry && entry.start === window ? entry.count : 0;
    };
    if (!this.redis) return local();
    const redis = this.redis.command;
    return sharedOrLocal(redis, async () => Number((await redis.get(`rate:${key}:${window}`)) ?? 0), local);
  }

  /** Seconds until the current window of `windowMs` starts over. */
  static secondsLeft(windowMs: number): number {
    const now = Date.now();
    return Math.max(1, Math.ceil(((Math.floor(now / windowMs) + 1) * windowMs - now) / 1000));
  }

  async hit(key: string, limit: number, windowMs: number): Promise<Hit> {
    const now = Date.now();
    const window = Math.floor(now / windowMs);
    const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
    if (this.redis) {
      const redis = this.redis.command;
      const redisKey = `rate:${key}:${window}`;
      const shared = async () => {
        const count = await redis.incr(redisKey);
        if (count === 1) await redis.pexpire(redisKey, windowMs);
        return { allowed: count <= limit, retryAfterSeconds };
      };
      return sharedOrLocal(redis, shared, () => this.hitLocally(key, limit, window, retryAfterSeconds));
    }
    return this.hitLocally(key, limit, window, retryAfterSeconds);
  }

  private hitLocally(key: string, limit: number, window: number, retryAfterSeconds: number): Hit {
    const entry = this.local.get(key);
    if (!entry || entry.start !== window) {
      if (this.local.size > 100_000) this.local.clear();
      this.local.set(key, { start: window, count: 1 });
      return { allowed: 1 <= limit, retryAfterSeconds };
    }
    entry.count += 1;
    return { allowed: entry.count <= limit, retryAfterSeconds };
  }
}
