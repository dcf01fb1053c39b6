import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '../common/domain-events';
import { PresenceService } from '../presence/presence.service';
import '../presence/presence.events';
import '../websites/websites.events';
import { Change, ConversationStateRepository } from './conversation-state.repository';
import './conversations.events';

const logger = new Logger('RoundRobin');

/**
 * Round-robin assignment, run whenever a website's queue or its capacity may have changed: a
 * conversation opened, reopened, closed or unassigned; an agent came online or back from away; the
 * settings changed; a member left. Never on the message path. Each run is one transaction under the
 * website's lock (ConversationStateRepository.offer); runs of one website on this instance go one
 * after the other, and a request that comes during a run makes one more run after it.
 *
 * Also here: a member leaving gives their open conversations back, in the transaction that removes
 * them (the websites module's `member.removing` hook).
 */
@Injectable()
export class RoundRobin implements OnModuleInit {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  constructor(
    private readonly state: ConversationStateRepository,
    private readonly presence: PresenceService,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    const offer = (websiteId: string) => this.offer(websiteId);
    this.events.on('conversation.opened', ({ conversation }) => offer(conversation.websiteId));
    this.events.on('conversation.reopened', ({ conversation }) => offer(conversation.websiteId));
    this.events.on('message.created', ({ conversation, reopened }) => reopened && offer(conversation.websiteId));
    this.events.on('conversation.closed', ({ conversation }) => offer(conversation.websiteId));
    this.events.on(
      'conversation.assigned',
      ({ conversation }) => !conversation.assigneeId && offer(conversation.websiteId),
    );
    this.events.on('presence.changed', ({ status, websiteIds }) => status === 'online' && websiteIds.forEach(offer));
    this.events.on('website.updated', ({ websiteId, fields }) => fields.includes('assignment') && offer(websiteId));
    this.events.on('member.removed', ({ websiteId }) => offer(websiteId));
    this.events.join('member.removing', async ({ tx, websiteId, agentId }) => {
      const changes = await this.state.unassignAll(tx, websiteId, agentId);
      tx.afterCommit(() => changes.forEach((change) => this.announce(change)));
    });
  }

  /** Assigns what the website's queue and capacity allow; resolves when done (for tests and callers that wait). */
  offer(websiteId: string): Promise<void> {
    const current = this.running.get(websiteId);
    if (current) {
      this.again.add(websiteId);
      return current;
    }
    const run = (async () => {
      do {
        this.again.delete(websiteId);
        try {
          const changes = await this.state.offer(websiteId, await this.presence.available(websiteId));
          changes.forEach((change) => this.announce(change));
        } catch (error) {
          logger.warn(`round robin for website ${websiteId} failed: ${(error as Error).message}`);
        }
      } while (this.again.has(websiteId));
    })().finally(() => this.running.delete(websiteId));
    this.running.set(websiteId, run);
    return run;
  }

  private announce({ conversation, message }: Change): void {
    if (message) this.events.emit('conversation.assigned', { conversation, message });
  }
}
