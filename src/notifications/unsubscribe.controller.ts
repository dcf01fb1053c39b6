import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { DomainError } from '../common/domain-error';
import { input } from '../common/input';
import { Public } from '../common/public.decorator';
import { NotificationsService } from './notifications.service';
import { ApiArea, ApiRoute } from '../api-docs/api-route.decorator';

const UnsubscribeQuery = z.strictObject({ token: z.string().min(1).max(200) });

/** The link in every visitor mail: no more mail to that visitor. */
@Public()
@ApiArea('Widget')
@Controller('widget/unsubscribe')
export class UnsubscribeController {
  constructor(private readonly notifications: NotificationsService) {}

  @ApiRoute({ summary: 'The link in every visitor mail: no more mail to that visitor', media: 'text/html' })
  @Get()
  async unsubscribe(
    @Query(input(UnsubscribeQuery)) query: z.output<typeof UnsubscribeQuery>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    if (!(await this.notifications.unsubscribe(query.token))) {
      throw new DomainError('NOT_FOUND', 'This unsubscribe link is not valid', 404);
    }
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    return '<!doctype html><meta charset="utf-8"><title>Unsubscribed</title><p>You will get no more email about these conversations.</p>';
  }
}
