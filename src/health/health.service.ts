import { Inject, Injectable, Optional } from '@nestjs/common';
import { Db } from '../database/db';
import { REDIS, RedisClients } from '../redis/redis.module';

type Check = 'up' | 'down';

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}

@Injectable()
export class HealthService {
  constructor(
    private readonly db: Db,
    @Optional() @Inject(REDIS) private readonly redis?: RedisClients | null,
  ) {}

  async check(): Promise<{ status: 'ok' | 'unavailable'; checks: Record<string, Check> }> {
    const checks: Record<string, Check> = { database: await this.probe(() => this.db.rows('SELECT 1')) };
    if (this.redis) checks.redis = await this.probe(() => this.redis!.command.ping());
    const ok = Object.values(checks).every((c) => c === 'up');
    return { status: ok ? 'ok' : 'unavailable', checks };
  }

  private async probe(work: () => Promise<unknown>): Promise<Check> {
    try {
      await withTimeout(work(), 2000);
      return 'up';
    } catch {
      return 'down';
    }
  }
}
