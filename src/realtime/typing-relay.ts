import { Injectable } from '@nestjs/common';
import { senderOf } from '../conversations/conversation-rules';
import type { TypingInput } from '../conversations/dto/conversation.dto';
import { ConversationFanout } from './conversation-fanout';
import { SocketConversations } from './socket-conversations';
import type { ZendoSocket } from './socket-types';

/** How often the same typing state is passed on at most. */
const TYPING_REPEAT_MS = 2000;

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
    // Coalesced: the same state again within a few seconds is not passed on (nor counted as an event).
    const sent = socket.data.typing ?? (socket.data.typing = new Map());
    const last = sent.get(conversationId);
    const now = Date.now();
    if (last && last.typing === typing && now - last.at < TYPING_REPEAT_MS) return {};
    sent.set(conversationId, { typing, at: now });
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
