import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RateLimited } from '../common/domain-error';
import type { Actor } from '../common/auth/actor';
import { DomainEvents } from '../common/domain-events';
import { parseInput } from '../common/input';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Db } from '../database/db';
import { RateWindow } from '../redis/rate-window';
import { checkAttachmentLink, configureAttachmentLinks } from './attachment-links';
import { AttachmentStore } from './attachment-store';
import { cleanFileName, sniffType } from './attachment-type';
import type { Message, StoredAttachment } from './conversation.types';
import { ConversationError } from './conversations.errors';
import './conversations.events';
import { ConversationsService } from './conversations.service';
import { AttachmentFields } from './dto/conversation.dto';

const HOUR_MS = 3600_000;

export interface UploadedFile {
  buffer: Buffer;
  originalname?: string;
  size: number;
}

/**
 * Files in conversations. An upload is judged by its bytes (attachment-type.ts), stored, then sent
 * as a message through the ordinary append (so it has its seq, its replay rule and its events);
 * the file is removed again when the message is refused. Downloads take a signed link.
 */
@Injectable()
export class AttachmentsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Attachments');
  private off?: () => void;

  constructor(
    private readonly store: AttachmentStore,
    private readonly conversations: ConversationsService,
    private readonly db: Db,
    private readonly events: DomainEvents,
    private readonly limits: RateWindow,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    configureAttachmentLinks(config.jwtSecret, config.publicUrl);
  }

  onModuleInit(): void {
    this.off = this.events.on('attachments.discarded', ({ files, conversations }) => {
      Promise.all([
        files?.length ? this.store.remove(files) : undefined,
        conversations?.length ? this.store.removeConversations(conversations) : undefined,
      ]).catch((error: unknown) => this.logger.warn(`could not remove files: ${String(error)}`));
    });
  }

  onModuleDestroy(): void {
    this.off?.();
  }

  async upload(
    actor: Actor,
    conversationId: string,
    file: UploadedFile | undefined,
    rawFields: Record<string, unknown>,
  ): Promise<Message> {
    const fields = parseInput(AttachmentFields, { ...rawFields });
    if (!file) {
      throw new ConversationError('VALIDATION_FAILED', 'Send the file as the multipart field "file"');
    }
    await this.conversations.authorise(actor, conversationId);
    if (file.size > this.config.attachmentMaxBytes) {
      throw new ConversationError('PAYLOAD_TOO_LARGE', `Files may be up to ${this.config.attachmentMaxBytes} bytes`);
    }
    const type = sniffType(file.buffer);
    if (!type) throw new ConversationError('UNSUPPORTED_MEDIA_TYPE');
    if (actor.type === 'visitor') {
      const limit = this.config.limits.visitorAttachmentsPerHour;
      const hit = await this.limits.hit(`attachments:${actor.id}`, limit, HOUR_MS);
      if (!hit.allowed) throw new RateLimited(hit.retryAfterSeconds, `At most ${limit} files an hour`);
    }
    const attachment: StoredAttachment = {
      id: randomUUID(),
      name: cleanFileName(file.originalname),
      type,
      size: file.size,
    };
    await this.store.put(conversationId, attachment.id, file.buffer, type);
    try {
      const message = await this.conversations.send(actor, conversationId, {
        body: fields.body ?? '',
        clientMessageId: fields.clientMessageId ?? randomUUID(),
        attachments: [attachment],
      });
      // A replayed clientMessageId answers with the stored message: this copy of the file is not used.
      if (!message.attachments.some((a) => a.id === attachment.id))
        await this.store.remove([{ conversationId, id: attachment.id }]);
      return message;
    } catch (error) {
      await this.store.remove([{ conversationId, id: attachment.id }]);
      throw error;
    }
  }

  /**
   * The file behind a signed link, if the link is genuine and current and a live message still
   * carries it. 403 for a forged or expired link; 404 when it is gone.
   */
  async download(conversationId: string, attachmentId: string, expires: number, signature: string) {
    const check = checkAttachmentLink(conversationId, attachmentId, expires, signature);
    if (check !== 'ok') {
      throw new ConversationError(
        'FORBIDDEN',
        check === 'expired' ? 'This link has expired: reload the conversation for a new one' : 'This link is not valid',
      );
    }
    const [found] = await this.db.rows<{ attachment: StoredAttachment }>(
      `SELECT a AS attachment FROM messages m
       JOIN conversations c ON c.id = m.conversation_id AND c.deleted_at IS NULL
       CROSS JOIN LATERAL jsonb_array_elements(m.attachments) a
       WHERE m.conversation_id = $1 AND m.deleted_at IS NULL AND m.attachments <> '[]' AND a->>'id' = $2
       LIMIT 1`,
      [conversationId, attachmentId],
    );
    const file = found ? await this.store.open(conversationId, attachmentId) : null;
    if (!found || !file) throw new ConversationError('NOT_FOUND', 'This file does not exist');
    return { attachment: found.attachment, ...file };
  }
}
