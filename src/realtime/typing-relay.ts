import { Injectable } from '@nestjs/common';
import { senderOf } from '../conversations/conversation-rules';
import type { TypingInput } from '../conversations/dto/conversation.dto';
import { ConversationFanout } from './conversation-fanout';
import { SocketConversations } from './socket-conversations';
import type { ZendoSocket } from './socket-types';

/**
 * Typing, never stored. A visitor's typing goes to the website's agents; an agent's to the visitor
 * and to the other agents viewing the conversation (those in its room).
 */
@Injectable()
export class TypingRelay {
  constructor(
    private readonly access: SocketConversations,
    private readonly fanout: ConversationFanout,
  ) {}

  async typing(socket: ZendoSocket, { conversationId, typing }: TypingInput): Promise<object> {
    const conversation = await this.access.authorise(socket, conversationId);
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
}
