import { Injectable } from '@nestjs/common';
import { ConversationsService } from '../conversations/conversations.service';
import type { ConversationRef } from '../conversations/conversation.types';
import { AuthorisedConversation, ZendoSocket } from './socket-types';

/** How long a socket's right to a conversation is trusted before it is checked again. */
const AUTHORISED_FOR_MS = 60_000;

/**
 * The conversations a socket may follow (typing, viewing), checked with the conversations
 * service and kept on the socket for a minute, so a burst of keystrokes costs one query. A member
 * removed from a website loses its entries at once (RealtimeDelivery on `member.removed`).
 */
@Injectable()
export class SocketConversations {
  constructor(private readonly conversations: ConversationsService) {}

  async authorise(socket: ZendoSocket, conversationId: string): Promise<AuthorisedConversation> {
    const known = socket.data.conversations?.get(conversationId);
    if (known && known.until > Date.now()) return known;
    return this.remember(socket, await this.conversations.authorise(socket.data.actor, conversationId));
  }

  /** Remembers a conversation the socket was just authorised for (it opened it). */
  remember(socket: ZendoSocket, conversation: ConversationRef): AuthorisedConversation {
    const known = socket.data.conversations ?? (socket.data.conversations = new Map());
    const entry = {
      id: conversation.id,
      websiteId: conversation.websiteId,
      visitorId: conversation.visitorId,
      until: Date.now() + AUTHORISED_FOR_MS,
    };
    known.set(entry.id, entry);
    return entry;
  }

  /** Forgets the socket's conversations of a website; answers their ids. */
  forgetWebsite(socket: ZendoSocket, websiteId: string): string[] {
    const known = socket.data.conversations;
    if (!known) return [];
    const gone = [...known.values()].filter((c) => c.websiteId === websiteId).map((c) => c.id);
    gone.forEach((id) => known.delete(id));
    return gone;
  }
}
