import { Controller, Get, Header, Query } from '@nestjs/common';
import { z } from 'zod';
import { DomainError } from '../common/domain-error';
import { input } from '../common/input';
import { Public } from '../common/public.decorator';
import { NotificationsService } from './notifications.service';

const UnsubscribeQuery = z.strictObject({ token: z.string().min(1).max(200) });

/** The link in every visitor mail: no more mail to that visitor. */
@Public()
@Controller('widget/unsubscribe')
export class UnsubscribeController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async unsubscribe(@Query(input(UnsubscribeQuery)) query: z.output<typeof UnsubscribeQuery>): Promise<string> {
    if (!(await this.notifications.unsubscribe(query.token))) {
      throw new DomainError('NOT_FOUND', 'This unsubscribe link is not valid', 404);
    }
    return '<!doctype html><meta charset="utf-8"><title>Unsubscribed</title><p>You will get no more email about these conversations.</p>';
  }
}
