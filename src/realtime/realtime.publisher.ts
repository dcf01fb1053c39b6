import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Server } from 'socket.io';
import type { Conversation, Message } from '../conversations/conversation.types';
import { REDIS, RedisClients } from './redis.provider';
import { SeqOrderer } from './seq-orderer';

const MESSAGE_FANOUT = 'zendo:message';
const STREAM_START = 'zendo:stream-start';

interface MessageFanout {
  websiteId: string;
  visitorId: string;
  message: Message;
}

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
 * instance (the Redis adapter carries the room list, not copies). server.serverSideEmit and
 * local emits keep that: each instance emits only to its own sockets.
 */
@Injectable()
export class RealtimePublisher implements OnModuleDestroy {
  private server: Server | null = null;
  private readonly orderer = new SeqOrderer();

  constructor(@Inject(REDIS) private readonly redis: RedisClients | null) {}

  attach(server: Server): void {
    this.server = server;
    // Messages committed on other instances arrive here and go through the same ordering.
    server.on(MESSAGE_FANOUT, (fanout: MessageFanout) => this.deliver(fanout));
    server.on(STREAM_START, ({ conversationId, next }: { conversationId: string; next: number }) =>
      this.orderer.expect(conversationId, next),
    );
  }

  onModuleDestroy(): void {
    this.orderer.stop();
  }

  /**
   * New messages reach each instance once (locally, or from the others through Redis) and each
   * instance hands them to its own sockets in seq order per conversation.
   */
  messageNew(conversation: Pick<Conversation, 'websiteId' | 'visitorId'>, message: Message): void {
    if (!this.server) return;
    const fanout: MessageFanout = { websiteId: conversation.websiteId, visitorId: conversation.visitorId, message };
    if (this.redis) this.server.serverSideEmit(MESSAGE_FANOUT, fanout);
    this.deliver(fanout);
  }

  private deliver({ websiteId, visitorId, message }: MessageFanout): void {
    this.orderer.push(message.conversationId, message.seq, () =>
      this.server?.local.to([rooms.website(websiteId), rooms.visitor(visitorId)]).emit('message:new', { message }),
    );
  }

  /** `forAgents` may carry more (visitor, last message) than the visitor's copy. */
  conversationOpen(conversation: Conversation, forAgents: object = conversation): void {
    // Every instance learns where this conversation's messages start, so even its first ones arrive in order.
    const start = { conversationId: conversation.id, next: conversation.lastSeq + 1 };
    if (this.redis) this.server?.serverSideEmit(STREAM_START, start);
    this.orderer.expect(start.conversationId, start.next);
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
