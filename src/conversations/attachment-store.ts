import { Inject, Injectable } from '@nestjs/common';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig } from '../config/app-config';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The bytes of attachments, on disk: `<ATTACHMENTS_DIR>/<conversation id>/<attachment id>`. Every
 * instance must see the same folder (a shared volume). Paths are built from UUIDs only, checked here.
 */
@Injectable()
export class AttachmentStore {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private folder(conversationId: string): string {
    if (!UUID.test(conversationId)) throw new Error('not a conversation id');
    return join(this.config.attachmentsDir, conversationId);
  }

  private path(conversationId: string, attachmentId: string): string {
    if (!UUID.test(attachmentId)) throw new Error('not an attachment id');
    return join(this.folder(conversationId), attachmentId);
  }

  /** Written whole or not at all (a temporary name, then a rename). */
  async put(conversationId: string, attachmentId: string, bytes: Uint8Array): Promise<void> {
    await mkdir(this.folder(conversationId), { recursive: true });
    const target = this.path(conversationId, attachmentId);
    await writeFile(`${target}.part`, bytes);
    await rename(`${target}.part`, target);
  }

  /** The file and its size, or null when it is gone. */
  async open(conversationId: string, attachmentId: string): Promise<{ stream: ReadStream; size: number } | null> {
    const path = this.path(conversationId, attachmentId);
    try {
      const { size } = await stat(path);
      return { stream: createReadStream(path), size };
    } catch {
      return null;
    }
  }

  async remove(files: { conversationId: string; id: string }[]): Promise<void> {
    await Promise.all(files.map((f) => rm(this.path(f.conversationId, f.id), { force: true })));
  }

  async removeConversations(conversationIds: string[]): Promise<void> {
    await Promise.all(conversationIds.map((id) => rm(this.folder(id), { recursive: true, force: true })));
  }
}
