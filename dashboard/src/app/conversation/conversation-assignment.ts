import { inject, Injectable } from '@angular/core';
import { ApiError } from '../core/api/api-error';
import { Conversation } from '../core/api/api.models';
import { ConversationsApi } from '../core/api/conversations-api';
import { InboxStore } from '../inbox/inbox-store';
import { ConversationThread } from './conversation-thread';

/** Another agent claimed the conversation first; `assigneeId` is who holds it, when known. */
export class ClaimConflict extends Error {
  constructor(readonly assigneeId: string | null) {
    super('Another agent took this conversation.');
  }
}

/** Claiming and assigning a conversation, applied to the thread and the inbox on success. */
@Injectable({ providedIn: 'root' })
export class ConversationAssignment {
  private readonly api = inject(ConversationsApi);
  private readonly inbox = inject(InboxStore);

  async claim(thread: ConversationThread): Promise<void> {
    try {
      this.apply(thread, await this.api.claim(thread.id));
    } catch (error) {
      if (ApiError.from(error).code !== 'ALREADY_ASSIGNED') throw error;
      // The refusal does not say who won; the conversation does.
      let holder: string | null = null;
      try {
        const current = await this.api.get(thread.id);
        this.apply(thread, current);
        holder = current.assigneeId;
      } catch {
        // The assignment event will still bring the new holder along.
      }
      throw new ClaimConflict(holder);
    }
  }

  async assign(thread: ConversationThread, agentId: string | null): Promise<void> {
    this.apply(thread, await this.api.assign(thread.id, agentId));
  }

  private apply(thread: ConversationThread, conversation: Conversation): void {
    thread.patchConversation(conversation);
    this.inbox.apply(conversation);
  }
}
