import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthService } from './health.service';
import { Public } from '../common/public.decorator';
import { ApiArea, ApiRoute } from '../api-docs/api-route.decorator';
import { Health } from '../api-docs/response-shapes';

@ApiArea('Operating')
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @ApiRoute({
    summary: 'Health: 200 when the database (and Redis, if configured) answer',
    ok: Health,
    unavailable: Health,
  })
  @Public()
  @Get('healthz')
  @HttpCode(200)
  async healthz(@Res({ passthrough: true }) response: Response) {
    const report = await this.health.check();
    response.status(report.status === 'ok' ? 200 : 503);
    response.setHeader('Cache-Control', 'no-store');
    return report;
  }
}
