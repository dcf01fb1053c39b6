import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ThrottlerStorageService } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { RedisClient, sharedOrLocal } from './redis-clients';

type Increment = ThrottlerStorageService['increment'];

/**
 * The throttler's counters in Redis, shared by every instance; while Redis is unreachable they
 * are counted on this instance, so the routes they guard answer instead of failing.
 */
export class FallbackThrottlerStorage extends ThrottlerStorageService {
  private readonly shared: ThrottlerStorageRedisService;

  constructor(private readonly client: RedisClient) {
    super();
    this.shared = new ThrottlerStorageRedisService(client as Redis);
  }

  override increment(...args: Parameters<Increment>): ReturnType<Increment> {
    return sharedOrLocal(
      this.client,
      () => this.shared.increment(...args),
      () => super.increment(...args),
    );
  }
}
