import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { SkipThrottle, Throttle } from '@nestjs/throttler';
import { ConversationsService } from '../conversations/conversations.service';
import { MessagesQueryDto } from '../conversations/dto/conversation.dto';
import { Public } from '../common/public.decorator';
import { BY_EMAIL, BY_IP, RateLimitGuard } from '../common/rate-limit';
import { UUID } from '../common/validation';
import { BootstrapDto, IdentifyDto } from './dto/widget.dto';
import { VisitorsService } from './visitors.service';

/** What the widget calls. Visitors authenticate with their token; the website's origin allowlist applies. */
@Public()
@Controller('widget')
@UseGuards(RateLimitGuard)
@SkipThrottle({ [BY_EMAIL]: true })
@Throttle({ [BY_IP]: { limit: 120, ttl: 60_000 } })
export class WidgetController {
  constructor(
    private readonly visitors: VisitorsService,
    private readonly conversations: ConversationsService,
  ) {}

  @Post('bootstrap')
  @HttpCode(200)
  @Throttle({ [BY_IP]: { limit: 60, ttl: 60_000 } })
  async bootstrap(@Body() dto: BootstrapDto, @Headers('origin') origin?: string) {
    const { identity, ...session } = await this.visitors.bootstrap(dto.websiteKey, dto.visitorToken, origin);
    return { ...session, conversations: await this.conversations.listForVisitor(identity) };
  }

  @Get('conversations')
  async list(@Headers('x-visitor-token') token?: string, @Headers('origin') origin?: string) {
    const visitor = await this.visitors.authenticateToken(token, origin);
    return { items: await this.conversations.listForVisitor(visitor), nextCursor: null };
  }

  @Get('conversations/:id/messages')
  async messages(
    @Param('id', UUID) id: string,
    @Query() query: MessagesQueryDto,
    @Headers('x-visitor-token') token?: string,
    @Headers('origin') origin?: string,
  ) {
    const visitor = await this.visitors.authenticateToken(token, origin);
    return this.conversations.messagesForVisitor(visitor, id, query);
  }

  @Patch('visitor')
  async identify(
    @Body() dto: IdentifyDto,
    @Headers('x-visitor-token') token?: string,
    @Headers('origin') origin?: string,
  ) {
    return this.visitors.identify(await this.visitors.authenticateToken(token, origin), dto);
  }
}
