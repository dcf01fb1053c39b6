import { Injectable } from '@nestjs/common';
import type { Server } from 'socket.io';
import type { Conversation, Message } from '../conversations/conversation.types';

export const rooms = {
  website: (id: string) => `website:${id}`,
  conversation: (id: string) => `conversation:${id}`,
  visitor: (id: string) => `visitor:${id}`,
  agent: (id: string) => `agent:${id}`,
  session: (familyId: string) => `session:${familyId}`,
};

/**
 * Broadcasts after commit. Both sides of a conversation are its website's agents and its
 * visitor; emitting to the two rooms at once reaches a socket in both exactly once, on every
 * instance (the Redis adapter carries the room list, not copies).
 */
@Injectable()
export class RealtimePublisher {
  private server: Server | null = null;

  attach(server: Server): void {
    this.server = server;
  }

  messageNew(conversation: Pick<Conversation, 'websiteId' | 'visitorId'>, message: Message): void {
    this.server
      ?.to([rooms.website(conversation.websiteId), rooms.visitor(conversation.visitorId)])
      .emit('message:new', { message });
  }

  /** `forAgents` may carry more (visitor, last message) than the visitor's copy. */
  conversationOpen(conversation: Conversation, forAgents: object = conversation): void {
    this.server?.to(rooms.website(conversation.websiteId)).emit('conversation:open', { conversation: forAgents });
    this.server?.to(rooms.visitor(conversation.visitorId)).emit('conversation:open', { conversation });
  }

  conversationClose(conversation: Conversation): void {
    this.server
      ?.to([rooms.website(conversation.websiteId), rooms.visitor(conversation.visitorId)])
      .emit('conversation:close', { conversation });
  }

  /** An agent's open sockets start receiving a website's events (new website, new membership). */
  agentJoinedWebsite(agentId: string, websiteId: string): void {
    this.server?.in(rooms.agent(agentId)).socketsJoin(rooms.website(websiteId));
  }

  conversationAssigned(conversation: Conversation): void {
    this.server?.to(rooms.website(conversation.websiteId)).emit('conversation:assigned', { conversation });
  }
}
