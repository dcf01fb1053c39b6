import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiArea, ApiRoute } from '../api-docs/api-route.decorator';
import type { Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { DomainError } from '../common/domain-error';
import { Public } from '../common/public.decorator';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MetricsService } from './metrics.service';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `GET /metrics` (outside /api/v1): open, or behind `Authorization: Bearer <METRICS_TOKEN>` when that is set. */
@ApiArea('Operations')
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @ApiRoute({
    summary: 'Prometheus metrics of this instance (text format); with METRICS_TOKEN set, a bearer token',
    media: 'text/plain',
    errors: ['UNAUTHORIZED'],
  })
  @Get('metrics')
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const token = this.config.metricsToken;
    if (token) {
      const given = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
      if (!given || !sameSecret(given, token)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        throw new DomainError('UNAUTHORIZED', 'The metrics need Authorization: Bearer <METRICS_TOKEN>', 401);
      }
    }
    res.setHeader('Content-Type', this.metrics.contentType);
    res.setHeader('Cache-Control', 'no-store');
    return this.metrics.scrape();
  }
}
