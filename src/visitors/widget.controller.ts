import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Ip,
  Param,
  Patch,
  Post,
  Query,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { SkipThrottle, Throttle } from '@nestjs/throttler';
import type { VisitorIdentity } from '../common/auth/visitor-identity';
import { input, UUID } from '../common/input';
import { Public } from '../common/public.decorator';
import { BY_EMAIL, BY_IP, RateLimitGuard } from '../common/rate-limit';
import { ConversationsService } from '../conversations/conversations.service';
import { AttachmentUpload } from '../conversations/attachment-upload';
import { AttachmentsService, UploadedFile as Upload } from '../conversations/attachments.service';
import { MessagesQuery, RatingInput, ReadInput } from '../conversations/dto/conversation.dto';
import { BootstrapInput, IdentifyInput } from './dto/widget.dto';
import { CurrentVisitor, VisitorTokenGuard } from './visitor-token.guard';
import { VisitorsService } from './visitors.service';
import { ApiArea, ApiRoute } from '../api-docs/api-route.decorator';
import {
  Bootstrap,
  ConversationEnvelope,
  MessageEnvelope,
  MessagePage,
  VisitorConversationList,
  VisitorEnvelope,
} from '../api-docs/response-shapes';

/** What the widget calls. Visitors authenticate with their token; the website's origin allowlist applies. */
@Public()
@ApiArea('Widget')
@Controller('widget')
@UseGuards(RateLimitGuard)
@SkipThrottle({ [BY_EMAIL]: true })
@Throttle({ [BY_IP]: { limit: 120, ttl: 60_000 } })
export class WidgetController {
  constructor(
    private readonly visitors: VisitorsService,
    private readonly conversations: ConversationsService,
    private readonly attachments: AttachmentsService,
  ) {}

  @ApiRoute({
    summary: 'Start or resume a visitor: their token, the website as the widget needs it, their conversations',
    ok: Bootstrap,
    errors: ['UNAUTHORIZED', 'ORIGIN_NOT_ALLOWED', 'IDENTITY_UNVERIFIED'],
  })
  @Post('bootstrap')
  @HttpCode(200)
  @Throttle({ [BY_IP]: { limit: 60, ttl: 60_000 } })
  async bootstrap(
    @Body(input(BootstrapInput)) dto: BootstrapInput,
    @Ip() ip: string,
    @Headers('origin') origin?: string,
  ) {
    const { identity, ...session } = await this.visitors.bootstrap(
      dto.websiteKey,
      dto.visitorToken,
      origin,
      { url: dto.pageUrl, title: dto.pageTitle },
      ip,
      dto.userId !== undefined && dto.userHash !== undefined
        ? { userId: dto.userId, userHash: dto.userHash }
        : undefined,
    );
    return { ...session, conversations: await this.conversations.listForVisitor(identity) };
  }

  @ApiRoute({ summary: 'The visitor’s conversations', ok: VisitorConversationList })
  @Get('conversations')
  @UseGuards(VisitorTokenGuard)
  async list(@CurrentVisitor() visitor: VisitorIdentity) {
    return { items: await this.conversations.listForVisitor(visitor), nextCursor: null };
  }

  @ApiRoute({ summary: 'Messages of the visitor’s conversation, ascending seq', ok: MessagePage })
  @Get('conversations/:id/messages')
  @UseGuards(VisitorTokenGuard)
  messages(
    @CurrentVisitor() visitor: VisitorIdentity,
    @Param('id', UUID) id: string,
    @Query(input(MessagesQuery)) query: MessagesQuery,
  ) {
    return this.conversations.messages(visitor, id, query);
  }

  /** The visitor sends a file → 201 `{message}`. */
  @ApiRoute({
    summary: 'The visitor sends a file (multipart: file, body?, clientMessageId?)',
    ok: MessageEnvelope,
    errors: ['UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'CONVERSATION_CLOSED', 'BUSY'],
  })
  @Post('conversations/:id/attachments')
  @UseGuards(VisitorTokenGuard)
  @UseInterceptors(AttachmentUpload)
  async upload(
    @CurrentVisitor() visitor: VisitorIdentity,
    @Param('id', UUID) id: string,
    @UploadedFile() file: Upload | undefined,
    @Body() fields: Record<string, unknown>,
  ) {
    return { message: await this.attachments.upload(visitor, id, file, fields ?? {}) };
  }

  /** The visitor has seen up to `seq` → 204; the team hears `conversation:read`. */
  @ApiRoute({ summary: 'The visitor has seen the conversation up to seq (read receipts)' })
  @Post('conversations/:id/read')
  @HttpCode(204)
  @UseGuards(VisitorTokenGuard)
  async read(
    @CurrentVisitor() visitor: VisitorIdentity,
    @Param('id', UUID) id: string,
    @Body(input(ReadInput)) dto: ReadInput,
  ): Promise<void> {
    await this.conversations.markRead(visitor, id, dto.seq);
  }

  /** Once the conversation is closed, a 1–5 score and an optional comment, once → 201 `{conversation}`. */
  @ApiRoute({
    summary: 'The visitor rates a closed conversation, once',
    ok: ConversationEnvelope,
    errors: ['CONVERSATION_OPEN', 'ALREADY_RATED', 'RATINGS_OFF'],
  })
  @Post('conversations/:id/rating')
  @UseGuards(VisitorTokenGuard)
  async rate(
    @CurrentVisitor() visitor: VisitorIdentity,
    @Param('id', UUID) id: string,
    @Body(input(RatingInput)) dto: RatingInput,
  ) {
    return { conversation: await this.conversations.rate(visitor, id, dto) };
  }

  @ApiRoute({
    summary: 'Name and email of the visitor, or a verified identity (userId + userHash)',
    ok: VisitorEnvelope,
    errors: ['IDENTITY_UNVERIFIED'],
  })
  @Patch('visitor')
  @UseGuards(VisitorTokenGuard)
  identify(
    @CurrentVisitor() visitor: VisitorIdentity,
    @Headers('x-visitor-token') token: string,
    @Body(input(IdentifyInput)) dto: IdentifyInput,
  ) {
    return this.visitors.identify(visitor, token, dto);
  }
}
