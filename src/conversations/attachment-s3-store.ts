import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Logger, OnModuleDestroy } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { Unavailable } from '../common/domain-error';
import type { S3Settings } from '../config/s3-url';
import { AttachmentStore, checkIds } from './attachment-store';

/** DeleteObjects takes at most this many keys. */
const DELETE_BATCH = 1000;

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function isMissing(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'NoSuchKey' || name === 'NotFound' || statusOf(error) === 404;
}

/**
 * In S3-compatible storage (S3_URL): the object `<prefix><conversation id>/<attachment id>` in one
 * bucket, which must exist. Downloads stream the object through the app's own signed route, so the
 * bucket stays private and the response headers are the same as from disk. A storage that does
 * not answer (or refuses us) is 503 UNAVAILABLE to the client and a warning in the log.
 */
export class S3AttachmentStore extends AttachmentStore implements OnModuleDestroy {
  private readonly logger = new Logger('Attachments');
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    super();
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      ...(settings.credentials ? { credentials: settings.credentials } : {}),
      // One retry, and a storage that does not accept the connection is given up on quickly.
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 3000, requestTimeout: 60_000 },
      // Checksums only where S3 requires them: many S3-compatible servers reject the newer defaults.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  onModuleDestroy(): void {
    this.client.destroy();
  }

  private key(conversationId: string, attachmentId: string): string {
    checkIds(conversationId, attachmentId);
    return `${this.settings.prefix}${conversationId}/${attachmentId}`;
  }

  private unavailable(action: string, error: unknown): Unavailable {
    const status = statusOf(error);
    const name = (error as { name?: string } | null)?.name ?? 'Error';
    this.logger.warn(
      `file storage could not ${action}: ${name}${status ? ` (HTTP ${status})` : ''}: ${(error as Error)?.message ?? String(error)}`,
    );
    return new Unavailable(5, 'File storage is briefly unavailable; try again shortly');
  }

  async put(conversationId: string, attachmentId: string, bytes: Uint8Array, type: string): Promise<void> {
    const Key = this.key(conversationId, attachmentId);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.settings.bucket,
          Key,
          Body: bytes,
          ContentLength: bytes.byteLength,
          ContentType: type,
        }),
      );
    } catch (error) {
      throw this.unavailable('store a file', error);
    }
  }

  async open(conversationId: string, attachmentId: string): Promise<{ stream: Readable; size: number } | null> {
    const Key = this.key(conversationId, attachmentId);
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key }));
      if (!object.Body) return null;
      const stream = object.Body as Readable;
      return { stream, size: object.ContentLength ?? Number.NaN };
    } catch (error) {
      if (isMissing(error)) return null;
      throw this.unavailable('read a file', error);
    }
  }

  async remove(files: { conversationId: string; id: string }[]): Promise<void> {
    if (files.length === 1) {
      const [file] = files;
      try {
        await this.client.send(
          new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.key(file.conversationId, file.id) }),
        );
      } catch (error) {
        if (!isMissing(error)) throw this.unavailable('remove a file', error);
      }
      return;
    }
    await this.removeKeys(files.map((f) => this.key(f.conversationId, f.id)));
  }

  async removeConversations(conversationIds: string[]): Promise<void> {
    for (const conversationId of conversationIds) {
      checkIds(conversationId);
      const Prefix = `${this.settings.prefix}${conversationId}/`;
      let ContinuationToken: string | undefined;
      do {
        let page;
        try {
          page = await this.client.send(
            new ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix, ContinuationToken }),
          );
        } catch (error) {
          throw this.unavailable('list files', error);
        }
        await this.removeKeys((page.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : [])));
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    }
  }

  private async removeKeys(keys: string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += DELETE_BATCH) {
      const batch = keys.slice(start, start + DELETE_BATCH);
      let result;
      try {
        result = await this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.settings.bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
        );
      } catch (error) {
        throw this.unavailable('remove files', error);
      }
      const failed = (result.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey');
      if (failed.length) {
        throw this.unavailable(
          'remove files',
          new Error(`${failed.length} not removed, first: ${failed[0].Code} ${failed[0].Key}`),
        );
      }
    }
  }
}
