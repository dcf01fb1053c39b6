import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import '../common/auth/session.events';
import { DomainEvents } from '../common/domain-events';
import type { Conversation } from '../conversations/conversation.types';
import '../conversations/conversations.events';
import type { InboxConversation } from '../conversations/inbox.repository';
import '../websites/websites.events';
import { ConversationFanout } from './conversation-fanout';
import { ConversationEmit, rooms, ZendoServer } from './socket-types';

/** The visitor's copy of a conversation: without what only agents see. */
function forVisitor(view: InboxConversation): Conversation {
  const { visitor: _visitor, lastMessage: _lastMessage, unreadCount: _unread, ...conversation } = view;
  return conversation;
}

/** `conversation:open` for both sides: agents get the inbox view, the visitor their own copy. */
function opened(view: InboxConversation): ConversationEmit[] {
  return [
    { to: 'agents', event: 'conversation:open', payload: { conversation: view } },
    { to: 'visitor', event: 'conversation:open', payload: { conversation: forVisitor(view) } },
  ];
}

/**
 * What the domain's events mean on the wire: this is where socket payloads are shaped and sent
 * (conversation events through the fan-out, in order; membership and session changes to the
 * agent's sockets on every instance, through the adapter).
 */
@Injectable()
export class RealtimeDelivery implements OnModuleInit, OnModuleDestroy {
  private server: ZendoServer | null = null;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly events: DomainEvents,
    private readonly fanout: ConversationFanout,
  ) {}

  attach(server: ZendoServer): void {
    this.server = server;
  }

  onModuleInit(): void {
    const on = this.events.on.bind(this.events);
    this.unsubscribe.push(
      on('message.created', ({ conversation, message, reopened }) =>
        this.fanout.publish({
          conversation,
          position: { seq: message.seq },
          emits: [...(reopened ? opened(reopened) : []), { to: 'both', event: 'message:new', payload: { message } }],
        }),
      ),
      // A new conversation comes before its first message.
      on('conversation.opened', ({ conversation }) =>
        this.fanout.publish({ conversation, position: { after: 0 }, emits: opened(conversation) }),
      ),
      on('conversation.reopened', ({ conversation }) =>
        this.fanout.publish({ conversation, position: { after: conversation.lastSeq }, emits: opened(conversation) }),
      ),
      on('conversation.closed', ({ conversation }) =>
        this.fanout.publish({
          conversation,
          position: { after: conversation.lastSeq },
          emits: [{ to: 'both', event: 'conversation:close', payload: { conversation } }],
        }),
      ),
      on('conversation.assigned', ({ conversation }) =>
        this.fanout.publish({
          conversation,
          position: { after: conversation.lastSeq },
          emits: [{ to: 'agents', event: 'conversation:assigned', payload: { conversation } }],
        }),
      ),
      // The agent's open sockets, on every instance, start receiving the website's events.
      on('member.added', ({ websiteId, agentId }) =>
        this.server?.in(rooms.agent(agentId)).socketsJoin(rooms.website(websiteId)),
      ),
      // Ended sessions lose their sockets on every instance.
      on('session.revoked', ({ familyIds }) => this.server?.in(familyIds.map(rooms.session)).disconnectSockets(true)),
    );
  }

  onModuleDestroy(): void {
    this.unsubscribe.splice(0).forEach((off) => off());
  }
}
