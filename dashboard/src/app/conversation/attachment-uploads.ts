import { HttpEventType } from '@angular/common/http';
import { inject, Injectable, Signal, signal, WritableSignal } from '@angular/core';
import { Subscription } from 'rxjs';
import { ApiError } from '../core/api/api-error';
import { ConversationsApi } from '../core/api/conversations-api';
import { Session } from '../core/auth/session';
import { uploadErrorText } from './attachment-format';
import { MessageStore } from './message-store';

export interface PendingUpload {
  clientMessageId: string;
  name: string;
  size: number;
  /** 0–100, of the bytes sent. */
  progress: number;
  state: 'uploading' | 'failed';
  error: string | null;
}

/**
 * Files on their way, per conversation: progress, cancel, and why one was refused. A finished
 * upload becomes a message of the thread, as the socket echo would make it.
 */
@Injectable({ providedIn: 'root' })
export class AttachmentUploads {
  private readonly api = inject(ConversationsApi);
  private readonly messages = inject(MessageStore);
  private readonly lists = new Map<string, WritableSignal<PendingUpload[]>>();
  private readonly running = new Map<string, Subscription>();

  constructor() {
    inject(Session).ended.subscribe(() => {
      for (const id of [...this.running.keys()]) this.stop(id);
      this.lists.clear();
    });
  }

  of(conversationId: string): Signal<PendingUpload[]> {
    return this.list(conversationId).asReadonly();
  }

  /** Sends `file` with `body` as the message's words. */
  start(conversationId: string, file: File, body: string): void {
    const list = this.list(conversationId);
    const upload: PendingUpload = {
      clientMessageId: crypto.randomUUID(),
      name: file.name || 'pasted image',
      size: file.size,
      progress: 0,
      state: 'uploading',
      error: null,
    };
    list.update((items) => [...items, upload]);
    const id = upload.clientMessageId;
    const patch = (change: Partial<PendingUpload>) =>
      list.update((items) =>
        items.map((u) => (u.clientMessageId === id ? { ...u, ...change } : u)),
      );
    const sub = this.api.upload(conversationId, file, body, id).subscribe({
      next: (event) => {
        if (event.type === HttpEventType.UploadProgress && event.total) {
          patch({ progress: Math.round((event.loaded / event.total) * 100) });
        } else if (event.type === HttpEventType.Response && event.body) {
          this.messages.thread(conversationId).merge([event.body.message]);
          this.remove(conversationId, id);
        }
      },
      error: (error: unknown) => {
        this.running.delete(id);
        patch({ state: 'failed', error: uploadErrorText(ApiError.from(error)) });
      },
      complete: () => this.running.delete(id),
    });
    this.running.set(id, sub);
  }

  /** Stops an upload in flight, or forgets a failed one. */
  cancel(conversationId: string, clientMessageId: string): void {
    this.stop(clientMessageId);
    this.remove(conversationId, clientMessageId);
  }

  private stop(clientMessageId: string): void {
    this.running.get(clientMessageId)?.unsubscribe();
    this.running.delete(clientMessageId);
  }

  private remove(conversationId: string, clientMessageId: string): void {
    this.list(conversationId).update((items) =>
      items.filter((u) => u.clientMessageId !== clientMessageId),
    );
  }

  private list(conversationId: string): WritableSignal<PendingUpload[]> {
    let list = this.lists.get(conversationId);
    if (!list) {
      list = signal<PendingUpload[]>([]);
      this.lists.set(conversationId, list);
    }
    return list;
  }
}
