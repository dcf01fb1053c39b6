import { Injectable } from '@nestjs/common';
import { senderOf } from '../conversations/conversation-rules';
import { ConversationsService } from '../conversations/conversations.service';
import type { ConversationRefInput, TypingInput } from '../conversations/dto/conversation.dto';
import { ConversationFanout } from './conversation-fanout';
import { AuthorisedConversation, rooms, ZendoSocket } from './socket-types';

/** How long a socket's right to a conversation is trusted before it is checked again. */
const AUTHORISED_FOR_MS = 60_000;

/**
 * Typing and watching: never stored. A visitor's typing goes to the website's agents; an agent's
 * to the visitor and to the other agents viewing the conversation (those who joined its room).
 * Both need the right to the conversation, which a socket keeps for a minute once checked, so
 * a burst of keystrokes costs one query.
 */
@Injectable()
export class TypingRelay {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly fanout: ConversationFanout,
  ) {}

  async typing(socket: ZendoSocket, { conversationId, typing }: TypingInput): Promise<object> {
    const conversation = await this.authorise(socket, conversationId);
    const actor = socket.data.actor;
    this.fanout.publish({
      conversation,
      position: null,
      except: socket.id,
      emits: [
        {
          to: actor.type === 'visitor' ? 'agents' : 'viewers+visitor',
          event: 'typing',
          payload: { conversationId, typing, sender: senderOf(actor) },
        },
      ],
    });
    return {};
  }

  /** The socket follows a conversation: it gets the typing of other agents there. */
  async join(socket: ZendoSocket, { conversationId }: ConversationRefInput): Promise<object> {
    await this.authorise(socket, conversationId);
    await socket.join(rooms.conversation(conversationId));
    return {};
  }

  async leave(socket: ZendoSocket, { conversationId }: ConversationRefInput): Promise<object> {
    await socket.leave(rooms.conversation(conversationId));
    return {};
  }

  /** Remembers, on the socket, a conversation it was just authorised for (it opened it). */
  remember(socket: ZendoSocket, conversation: Omit<AuthorisedConversation, 'until'>): void {
    const known = socket.data.conversations ?? (socket.data.conversations = new Map());
    known.set(conversation.id, {
      id: conversation.id,
      websiteId: conversation.websiteId,
      visitorId: conversation.visitorId,
      until: Date.now() + AUTHORISED_FOR_MS,
    });
  }

  private async authorise(socket: ZendoSocket, conversationId: string): Promise<AuthorisedConversation> {
    const known = socket.data.conversations?.get(conversationId);
    if (known && known.until > Date.now()) return known;
    this.remember(socket, await this.conversations.authorise(socket.data.actor, conversationId));
    return socket.data.conversations!.get(conversationId)!;
  }
}
