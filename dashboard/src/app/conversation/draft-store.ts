import { Injectable } from '@angular/core';

/** Unsent text per conversation, so switching away and back loses nothing the agent typed. */
@Injectable({ providedIn: 'root' })
export class DraftStore {
  private readonly drafts = new Map<string, string>();

  get(conversationId: string): string {
    return this.drafts.get(conversationId) ?? '';
  }

  set(conversationId: string, text: string): void {
    if (text) this.drafts.set(conversationId, text);
    else this.drafts.delete(conversationId);
  }

  clear(): void {
    this.drafts.clear();
  }
}
