import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { REDIS, RedisClients } from '../redis/redis.module';

const WINDOW_MS = 60_000;

/**
 * Socket handshakes per client IP per minute. In Redis when configured (shared by every
 * instance), in memory otherwise.
 */
@Injectable()
export class ConnectionRateLimiter {
  private readonly local = new Map<string, { start: number; count: number }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: RedisClients | null,
  ) {}

  async allow(ip: string): Promise<boolean> {
    const limit = this.config.wsConnectRateLimit;
    if (this.redis) {
      const key = `ws-connect:${ip}:${Math.floor(Date.now() / WINDOW_MS)}`;
      const count = await this.redis.command.incr(key);
      if (count === 1) await this.redis.command.pexpire(key, WINDOW_MS);
      return count <= limit;
    }
    const now = Date.now();
    const entry = this.local.get(ip);
    if (!entry || now - entry.start >= WINDOW_MS) {
      if (this.local.size > 100_000) this.local.clear();
      this.local.set(ip, { start: now, count: 1 });
      return true;
    }
    entry.count += 1;
    return entry.count <= limit;
  }
}
