import { Controller, Get, Redirect, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiArea, ApiRoute } from '../api-docs/api-route.decorator';
import { DemoStatus } from '../api-docs/response-shapes';
import { DomainError } from '../common/domain-error';
import { Public } from '../common/public.decorator';
import { demoPage, signUpFirstPage } from './demo-page';
import { DemoService } from './demo.service';

/** A newcomer's first minute: `/` leads to the console, `/demo` shows the widget on a sample page. */
@ApiArea('First minute')
@Public()
@Controller()
export class DemoController {
  constructor(private readonly demo: DemoService) {}

  @ApiRoute({ summary: 'To the console at /app/', media: 'redirect', status: 302 })
  @Get()
  @Redirect('/app/', 302)
  root(): void {}

  @ApiRoute({
    summary: 'A sample host page with the demo website’s widget (off in production unless ZENDO_DEMO=1)',
    media: 'text/html',
    notFound: true,
  })
  @Get('demo')
  async page(@Res({ passthrough: true }) res: Response): Promise<string> {
    if (!this.demo.enabled) throw new DomainError('NOT_FOUND', 'No such route', 404);
    const website = await this.demo.website();
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    return website ? demoPage(website) : signUpFirstPage();
  }

  @ApiRoute({ summary: 'Whether /demo is on, for the console’s empty inbox', ok: DemoStatus })
  @Get('demo/status')
  status() {
    return { enabled: this.demo.enabled, url: '/demo' };
  }
}
