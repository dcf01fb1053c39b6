import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Keys and paths are built from UUIDs only, checked here. */
export function checkIds(conversationId: string, attachmentId?: string): void {
  if (!UUID.test(conversationId)) throw new Error('not a conversation id');
  if (attachmentId !== undefined && !UUID.test(attachmentId)) throw new Error('not an attachment id');
}

/**
 * The bytes of attachments, one file per attachment, grouped by conversation. Every instance must
 * see the same store. Which one is used is configuration: a folder on disk (ATTACHMENTS_DIR,
 * DiskAttachmentStore) or S3-compatible storage (S3_URL, S3AttachmentStore). A store that cannot
 * be reached throws Unavailable (503), never a bare error.
 */
export abstract class AttachmentStore {
  /** Written whole or not at all. */
  abstract put(conversationId: string, attachmentId: string, bytes: Uint8Array, type: string): Promise<void>;

  /** The file and its size, or null when it is gone. */
  abstract open(conversationId: string, attachmentId: string): Promise<{ stream: Readable; size: number } | null>;

  abstract remove(files: { conversationId: string; id: string }[]): Promise<void>;

  /** Every file of these conversations. */
  abstract removeConversations(conversationIds: string[]): Promise<void>;
}

/** On disk: `<ATTACHMENTS_DIR>/<conversation id>/<attachment id>` (a shared volume for several instances). */
export class DiskAttachmentStore extends AttachmentStore {
  constructor(private readonly dir: string) {
    super();
  }

  private folder(conversationId: string): string {
    checkIds(conversationId);
    return join(this.dir, conversationId);
  }

  private path(conversationId: string, attachmentId: string): string {
    checkIds(conversationId, attachmentId);
    return join(this.folder(conversationId), attachmentId);
  }

  /** A temporary name, then a rename. */
  async put(conversationId: string, attachmentId: string, bytes: Uint8Array): Promise<void> {
    await mkdir(this.folder(conversationId), { recursive: true });
    const target = this.path(conversationId, attachmentId);
    await writeFile(`${target}.part`, bytes);
    await rename(`${target}.part`, target);
  }

  async open(conversationId: string, attachmentId: string): Promise<{ stream: Readable; size: number } | null> {
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
