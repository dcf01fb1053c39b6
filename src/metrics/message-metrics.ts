import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '../common/domain-events';
import type { Message } from '../conversations/conversation.types';
import '../conversations/conversations.events';
import { MetricsService } from './metrics.service';

/**
 * Counts stored messages from what the conversations module announces after commit: every new
 * message (a visitor's or an agent's, alone or in a batch, or a conversation's first) and the
 * system messages of a close, a reopen or an assignment. A replayed clientMessageId is not new.
 */
@Injectable()
export class MessageMetrics implements OnModuleInit, OnModuleDestroy {
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly events: DomainEvents,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    const stored = ({ message }: { message: Message }) =>
      this.metrics.messagesStored.inc({ sender: message.sender.type });
    this.unsubscribe.push(
      this.events.on('message.created', stored),
      this.events.on('conversation.closed', stored),
      this.events.on('conversation.reopened', stored),
      this.events.on('conversation.assigned', stored),
    );
  }

  onModuleDestroy(): void {
    this.unsubscribe.splice(0).forEach((off) => off());
  }
}
