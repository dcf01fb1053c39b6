import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import '../common/auth/session.events';
import { DomainEvents } from '../common/domain-events';
import type { Conversation } from '../conversations/conversation.types';
import '../conversations/conversations.events';
import type { InboxConversation } from '../conversations/inbox.repository';
import '../presence/presence.events';
import { NotificationsService } from '../notifications/notifications.service';
import { ViewersService } from '../presence/viewers.service';
import '../visitors/visitors.events';
import '../websites/websites.events';
import type { ConversationRef, Message } from '../conversations/conversation.types';
import { ConversationFanout } from './conversation-fanout';
import { SocketConversations } from './socket-conversations';
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

/** A change of status or assignee: its system message to the agents, and the changed conversation. */
function changed(conversation: Conversation, message: Message): ConversationEmit[] {
  return [
    { to: 'agents', event: 'message:new', payload: { message } },
    { to: 'agents', event: 'conversation:updated', payload: { conversation } },
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
    private readonly access: SocketConversations,
    private readonly viewers: ViewersService,
    private readonly notifications: NotificationsService,
  ) {}

  attach(server: ZendoServer): void {
    this.server = server;
    server.on('zendo:member-removed', (removal) => void this.takeOff(removal.websiteId, removal.agentId));
  }

  onModuleInit(): void {
    const on = this.events.on.bind(this.events);
    this.unsubscribe.push(
      on('message.created', ({ conversation, message, reopened }) => {
        this.fanout.publish({
          conversation,
          position: { seq: message.seq },
          emits: [...(reopened ? opened(reopened) : []), { to: 'both', event: 'message:new', payload: { message } }],
        });
        if (message.sender.type === 'agent') void this.checkVisitorReached(conversation, message);
      }),
      // A new conversation comes before its first message.
      on('conversation.opened', ({ conversation }) =>
        this.fanout.publish({ conversation, position: { after: 0 }, emits: opened(conversation) }),
      ),
      on('conversation.reopened', ({ conversation, message }) =>
        this.fanout.publish({
          conversation,
          position: { seq: message.seq },
          emits: [...opened(conversation), ...changed(forVisitor(conversation), message)],
        }),
      ),
      on('conversation.closed', ({ conversation, message }) =>
        this.fanout.publish({
          conversation,
          position: { seq: message.seq },
          emits: [
            { to: 'both', event: 'conversation:close', payload: { conversation } },
            ...changed(conversation, message),
          ],
        }),
      ),
      on('conversation.assigned', ({ conversation, message }) =>
        this.fanout.publish({
          conversation,
          position: { seq: message.seq },
          emits: [
            { to: 'agents', event: 'conversation:assigned', payload: { conversation } },
            ...changed(conversation, message),
          ],
        }),
      ),
      on('conversation.updated', ({ conversation }) =>
        this.fanout.publish({
          conversation,
          position: { after: conversation.lastSeq },
          emits: [{ to: 'agents', event: 'conversation:updated', payload: { conversation } }],
        }),
      ),
      on('conversation.deleted', ({ conversation }) =>
        this.fanout.publish({
          conversation,
          position: { after: conversation.lastSeq },
          emits: [{ to: 'both', event: 'conversation:deleted', payload: { conversationId: conversation.id } }],
        }),
      ),
      on('message.deleted', ({ conversation, messageId, seq }) =>
        this.fanout.publish({
          conversation,
          position: null,
          emits: [
            { to: 'both', event: 'message:deleted', payload: { conversationId: conversation.id, messageId, seq } },
          ],
        }),
      ),
      on('conversation.read', ({ conversation, seq, by }) =>
        this.fanout.publish({
          conversation,
          position: null,
          emits: [
            {
              to: 'both',
              event: 'conversation:read',
              payload: { conversationId: conversation.id, seq, by: { type: by } },
            },
          ],
        }),
      ),
      on('conversation.viewers', ({ conversation, agentIds }) =>
        this.fanout.publish({
          conversation,
          position: null,
          emits: [
            { to: 'agents', event: 'conversation:viewers', payload: { conversationId: conversation.id, agentIds } },
          ],
        }),
      ),
      on('presence.changed', ({ agentId, status, websiteIds }) => {
        if (websiteIds.length) this.server?.to(websiteIds.map(rooms.website)).emit('presence', { agentId, status });
      }),
      on('website.availability', ({ websiteId, online }) =>
        this.server?.to(rooms.websiteVisitors(websiteId)).emit('presence', { status: online ? 'online' : 'offline' }),
      ),
      // A removed member's sockets leave the website's rooms on every instance, and forget its conversations.
      on('member.removed', ({ websiteId, agentId }) => {
        if (!this.server) return;
        this.server.in(rooms.agent(agentId)).socketsLeave(rooms.website(websiteId));
        this.fanout.toOtherInstances('zendo:member-removed', { websiteId, agentId });
        void this.takeOff(websiteId, agentId);
        // Their open consoles let go of the website at once rather than at their next request.
        this.server.to(rooms.agent(agentId)).emit('membership:removed', { websiteId });
      }),
      on('member.role-changed', ({ websiteId, agentId, role }) =>
        this.server?.to(rooms.agent(agentId)).emit('membership:updated', { websiteId, role }),
      ),
      // The agent's open sockets, on every instance, start receiving the website's events.
      on('member.added', ({ websiteId, agentId }) =>
        this.server?.in(rooms.agent(agentId)).socketsJoin(rooms.website(websiteId)),
      ),
      // An erased visitor's sockets close on every instance (their tokens are already gone).
      on('visitor.erased', ({ visitorId }) => this.server?.in(rooms.visitor(visitorId)).disconnectSockets(true)),
      // Ended sessions lose their sockets on every instance.
      on('session.revoked', ({ familyIds }) => this.server?.in(familyIds.map(rooms.session)).disconnectSockets(true)),
    );
  }

  onModuleDestroy(): void {
    this.unsubscribe.splice(0).forEach((off) => off());
  }

  /** An agent's message that reached none of the visitor's sockets, on any instance, may go by mail. */
  private async checkVisitorReached(conversation: ConversationRef, message: Message): Promise<void> {
    try {
      const sockets = (await this.server?.in(rooms.visitor(conversation.visitorId)).fetchSockets()) ?? [];
      if (sockets.length === 0) this.notifications.visitorMissed(conversation, message);
    } catch {
      // No answer from every instance in time: rather no mail than a wrong one.
    }
  }

  /** On this instance: the agent's sockets leave the website's conversations and stop viewing them. */
  private async takeOff(websiteId: string, agentId: string): Promise<void> {
    const sockets = (await this.server?.local.in(rooms.agent(agentId)).fetchSockets()) ?? [];
    for (const remote of sockets) {
      const socket = this.server?.sockets.sockets.get(remote.id);
      if (!socket) continue;
      const gone = this.access.forgetWebsite(socket, websiteId);
      for (const conversationId of gone) await socket.leave(rooms.conversation(conversationId));
      await this.viewers.drop(socket.id, websiteId).catch(() => undefined);
    }
  }
}
