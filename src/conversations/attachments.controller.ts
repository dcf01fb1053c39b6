import {
  Body,
  Controller,
  Get,
  Param,
  Post,
  Query,
  Res,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { SkipThrottle, Throttle } from '@nestjs/throttler';
import type { Response } from 'express';
import { pipeline } from 'node:stream';
import { ApiArea, ApiRoute } from '../api-docs/api-route.decorator';
import { MessageEnvelope } from '../api-docs/response-shapes';
import { AgentIdentity } from '../common/auth/agent-identity';
import { CurrentAgent } from '../common/auth/current-agent.decorator';
import { UUID } from '../common/input';
import { Public } from '../common/public.decorator';
import { BY_EMAIL, BY_IP, RateLimitGuard } from '../common/rate-limit';
import { isImage } from './attachment-type';
import { AttachmentUpload } from './attachment-upload';
import { AttachmentsService, UploadedFile as Upload } from './attachments.service';
import { ConversationError } from './conversations.errors';

/** What a downloaded file may do in a browser: nothing (no script, no plugins, no framing, sandboxed). */
const DOWNLOAD_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'";

/** `filename*` for any name (RFC 6266 / 5987), with an ASCII fallback. */
function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

@ApiArea('Conversations')
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /** An agent sends a file into a conversation → 201 `{message}`. */
  @ApiRoute({
    summary: 'An agent sends a file (multipart: file, body?, clientMessageId?)',
    ok: MessageEnvelope,
    errors: ['UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'CONVERSATION_CLOSED', 'NOT_ASSIGNEE', 'BUSY'],
  })
  @Post('conversations/:id/attachments')
  @UseInterceptors(AttachmentUpload)
  async upload(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @UploadedFile() file: Upload | undefined,
    @Body() fields: Record<string, unknown>,
  ) {
    return { message: await this.attachments.upload(agent, id, file, fields ?? {}) };
  }

  /** A signed link from a message: the bytes, never run by the browser. */
  @ApiRoute({
    summary: 'Download an attachment through its signed link',
    description: 'Answers the file itself (its stored type); 403 for a forged or expired link.',
    errors: ['FORBIDDEN'],
    media: 'file',
  })
  @Public()
  @Get('attachments/:conversationId/:attachmentId')
  @UseGuards(RateLimitGuard)
  @SkipThrottle({ [BY_EMAIL]: true })
  @Throttle({ [BY_IP]: { limit: 600, ttl: 60_000 } })
  async download(
    @Param('conversationId', UUID) conversationId: string,
    @Param('attachmentId', UUID) attachmentId: string,
    @Query() query: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const expires = typeof query.expires === 'string' && /^\d{1,12}$/.test(query.expires) ? Number(query.expires) : NaN;
    const signature = typeof query.signature === 'string' && query.signature.length <= 100 ? query.signature : '';
    if (!Number.isFinite(expires) || !signature) throw new ConversationError('FORBIDDEN', 'This link is not valid');
    const { attachment, stream, size } = await this.attachments.download(
      conversationId,
      attachmentId,
      expires,
      signature,
    );
    res.setHeader('Content-Type', attachment.type === 'text/plain' ? 'text/plain; charset=utf-8' : attachment.type);
    if (Number.isFinite(size)) res.setHeader('Content-Length', String(size));
    res.setHeader(
      'Content-Disposition',
      contentDisposition(isImage(attachment.type) ? 'inline' : 'attachment', attachment.name),
    );
    res.setHeader('Content-Security-Policy', DOWNLOAD_CSP);
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader(
      'Cache-Control',
      `private, max-age=${Math.max(0, expires - Math.floor(Date.now() / 1000))}, immutable`,
    );
    // Either side ending early ends the other (a client that goes away frees the storage connection).
    pipeline(stream, res, () => undefined);
  }
}
