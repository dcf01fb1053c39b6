import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RateWindow } from '../redis/rate-window';

/** Socket handshakes per client IP per minute, shared by every instance when Redis is configured. */
@Injectable()
export class ConnectionRateLimiter {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly window: RateWindow,
  ) {}

  async allow(ip: string): Promise<boolean> {
    return (await this.window.hit(`ws-connect:${ip}`, this.config.wsConnectRateLimit, 60_000)).allowed;
  }
}
