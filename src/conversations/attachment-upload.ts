import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import multer, { MulterError } from 'multer';
import { from, Observable, switchMap } from 'rxjs';
import { DomainError, ValidationFailed } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ConversationError } from './conversations.errors';

/**
 * Reads a multipart upload (one `file`, and the `body` / `clientMessageId` fields) into memory,
 * bounded by ATTACHMENT_MAX_BYTES, and turns multer's refusals into the contract's errors.
 */
@Injectable()
export class AttachmentUpload implements NestInterceptor {
  private readonly parse: RequestHandler;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.parse = multer({
      storage: multer.memoryStorage(),
      defParamCharset: 'utf8',
      limits: { fileSize: config.attachmentMaxBytes, files: 1, fields: 4, fieldSize: 64 * 1024, parts: 6 },
    }).single('file');
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const [req, res] = [http.getRequest<Request>(), http.getResponse<Response>()];
    if (!req.is('multipart/form-data')) {
      throw new ValidationFailed(
        [{ field: 'file', message: 'Send the file as multipart/form-data, in the field "file"' }],
        'Send the file as multipart/form-data, in the field "file"',
      );
    }
    const parsed = new Promise<void>((resolve, reject) =>
      this.parse(req, res, (error?: unknown) => (error ? reject(this.refusal(error)) : resolve())),
    );
    return from(parsed).pipe(switchMap(() => next.handle()));
  }

  private refusal(error: unknown): DomainError {
    if (error instanceof MulterError) {
      if (error.code === 'LIMIT_FILE_SIZE') {
        return new ConversationError('PAYLOAD_TOO_LARGE', `Files may be up to ${this.config.attachmentMaxBytes} bytes`);
      }
      const message =
        error.code === 'LIMIT_UNEXPECTED_FILE' || error.code === 'LIMIT_FILE_COUNT'
          ? 'Send one file, in the field "file"'
          : `The upload was refused: ${error.message}`;
      return new ValidationFailed([{ field: error.field ?? 'file', message }], message);
    }
    return new DomainError('BAD_REQUEST', 'The multipart body could not be read', 400);
  }
}
