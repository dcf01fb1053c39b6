import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { ConversationRef } from '../conversations/conversation.types';
import { MetricsService } from '../metrics/metrics.service';
import { REDIS, RedisClients } from '../redis/redis.module';
import { SeqOrderer } from './seq-orderer';
import { Audience, ConversationEnvelope, rooms, ZendoServer } from './socket-types';

function roomsOf(conversation: ConversationRef, to: Audience): string[] {
  switch (to) {
    case 'agents':
      return [rooms.website(conversation.websiteId)];
    case 'visitor':
      return [rooms.visitor(conversation.visitorId)];
    case 'both':
      return [rooms.website(conversation.websiteId), rooms.visitor(conversation.visitorId)];
    case 'viewers+visitor':
      return [rooms.conversation(conversation.id), rooms.visitor(conversation.visitorId)];
  }
}

/**
 * The one way conversation events leave an instance and reach every socket, on every instance,
 * in their conversation's order. Each event is published once to the other instances (Socket.IO's
 * serverSideEmit over the Redis adapter) and delivered here; every instance, this one included,
 * passes what it receives through its SeqOrderer and emits to its own sockets only. A socket in two
 * of the rooms named (an agent who is also in the conversation room) gets an emit once.
 *
 * Ordering is here, and only here, because events of one conversation are committed on whichever
 * instance its visitor or agents are connected to: without it, messages written a moment apart
 * on two instances reach a third in either order. Clients still merge what they fetch after a
 * reconnect with what arrives live (by seq, dropping ids they hold), but they need not reorder
 * live events.
 */
@Injectable()
export class ConversationFanout implements OnModuleDestroy {
  private server: ZendoServer | null = null;
  private readonly orderer = new SeqOrderer();

  private readonly latency: MetricsService['fanoutDuration'];

  constructor(
    @Inject(REDIS) private readonly redis: RedisClients | null,
    metrics: MetricsService,
  ) {
    this.latency = metrics.fanoutDuration;
  }

  attach(server: ZendoServer): void {
    this.server = server;
    server.on('zendo:conversation', (envelope) => this.deliver(envelope, 'remote'));
  }

  onModuleDestroy(): void {
    this.orderer.stop();
  }

  /** Tells the other instances (when there are any, through Redis). */
  toOtherInstances(event: 'zendo:member-removed', payload: { websiteId: string; agentId: string }): void {
    if (this.redis) this.server?.serverSideEmit(event, payload);
  }

  publish(envelope: ConversationEnvelope): void {
    if (!this.server) return;
    // Wall-clock time, so that other instances (on other machines, within their clocks' skew) can time it too.
    envelope.publishedAt = performance.timeOrigin + performance.now();
    if (this.redis) this.server.serverSideEmit('zendo:conversation', envelope);
    this.deliver(envelope, 'local');
  }

  private deliver(envelope: ConversationEnvelope, origin: 'local' | 'remote'): void {
    const { position } = envelope;
    const emit = () => this.emitLocally(envelope, origin);
    if (!position) emit();
    else if ('seq' in position) this.orderer.push(envelope.conversation.id, position.seq, emit);
    else this.orderer.after(envelope.conversation.id, position.after, emit);
  }

  private emitLocally({ conversation, emits, except, publishedAt }: ConversationEnvelope, origin: string): void {
    const server = this.server;
    if (!server) return;
    if (publishedAt !== undefined) {
      this.latency.observe({ origin }, Math.max(0, performance.timeOrigin + performance.now() - publishedAt) / 1000);
    }
    for (const { to, event, payload } of emits) {
      const target = server.local.to(roomsOf(conversation, to));
      // `event` and `payload` are paired by ConversationEmit; TypeScript cannot follow the pair through the loop.
      (except ? target.except(except) : target).emit(event, payload as never);
    }
  }
}
