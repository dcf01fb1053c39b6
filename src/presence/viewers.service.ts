import { Inject, Injectable } from '@nestjs/common';
import { DomainEvents } from '../common/domain-events';
import type { ConversationRef } from '../conversations/conversation.types';
import './presence.events';
import type { PresenceStore } from './presence.store';
import { PRESENCE_STORE_TOKEN } from './presence.tokens';

/**
 * Who is looking at which conversation: agents join a conversation when it is on their screen
 * and leave when it is not (or their socket closes, on whichever instance). Every change is
 * announced to the website's agents.
 */
@Injectable()
export class ViewersService {
  /** What each local socket is viewing, so a closing socket can be taken off everywhere it was. */
  private readonly bySocket = new Map<string, Map<string, ConversationRef>>();

  constructor(
    @Inject(PRESENCE_STORE_TOKEN) private readonly store: PresenceStore,
    private readonly events: DomainEvents,
  ) {}

  async join(conversation: ConversationRef, agentId: string, socketId: string): Promise<void> {
    const viewing = this.bySocket.get(socketId) ?? new Map<string, ConversationRef>();
    viewing.set(conversation.id, conversation);
    this.bySocket.set(socketId, viewing);
    this.announceAs(conversation, await this.store.setViewer(conversation, socketId, agentId));
  }

  async leave(conversationId: string, socketId: string): Promise<void> {
    const conversation = this.bySocket.get(socketId)?.get(conversationId);
    if (!conversation) return;
    this.bySocket.get(socketId)!.delete(conversationId);
    this.announceAs(conversation, await this.store.setViewer(conversation, socketId, null));
  }

  /** The socket closed, or lost the website (`websiteId`): off every conversation it viewed (there). */
  async drop(socketId: string, websiteId?: string): Promise<void> {
    const viewing = this.bySocket.get(socketId);
    if (!viewing) return;
    for (const conversation of [...viewing.values()]) {
      if (!websiteId || conversation.websiteId === websiteId) await this.leave(conversation.id, socketId);
    }
    if (viewing.size === 0) this.bySocket.delete(socketId);
  }

  /** Announces the conversation's viewers as they are (after an instance's viewers were taken off). */
  async announce(conversation: ConversationRef): Promise<void> {
    this.announceAs(conversation, await this.store.setViewer(conversation, '-', null));
  }

  private announceAs(conversation: ConversationRef, agentIds: string[]): void {
    this.events.emit('conversation.viewers', { conversation, agentIds });
  }
}
