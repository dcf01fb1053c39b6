import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { AgentActor } from '../common/auth/actor';
import { DomainEvents } from '../common/domain-events';
import { stopwatch } from '../common/stopwatch';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { WebsitesService } from '../websites/websites.service';
import './presence.events';
import '../websites/websites.events';
import { AgentStatus, Orphans, PresenceChoice, PresenceStore } from './presence.store';
import { PRESENCE_STORE_TOKEN } from './presence.tokens';
import { ViewersService } from './viewers.service';

const logger = new Logger('Presence');
/** How long a visitor's bootstrap waits on presence before it says "away". */
const PRESENCE_WAIT_MS = 1000;
/** How often websites with business hours are looked at again (a change shows within this). */
const HOURS_CHECK_MS = 30_000;

/**
 * Who of the team is there. An agent is online while at least one of their sockets is connected
 * on any instance, unless they chose away; offline once the last one has been gone for the grace
 * period (a reload does not flap). Every instance refreshes a heartbeat and takes over the sockets
 * of an instance whose heartbeat stopped, so a killed instance's agents go offline within about
 * the heartbeat's lifetime. Each change is announced once (the store decides who announces).
 */
@Injectable()
export class PresenceService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly grace = new Map<string, NodeJS.Timeout>();
  private timers: NodeJS.Timeout[] = [];
  private stopping = false;

  constructor(
    @Inject(PRESENCE_STORE_TOKEN) private readonly store: PresenceStore,
    private readonly websites: WebsitesService,
    private readonly viewers: ViewersService,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const every = Math.max(500, Math.floor((this.config.presenceTtlSeconds * 1000) / 3));
    this.timers = [
      setInterval(() => this.quietly('heartbeat', () => this.store.heartbeat()), every),
      setInterval(() => this.quietly('take over dead instances', () => this.reap()), every),
      // Opening hours begin and end by the clock, not by an event.
      setInterval(() => this.quietly('business hours', () => this.recomputeOpeningHours()), HOURS_CHECK_MS),
    ];
    this.events.on('website.updated', ({ websiteId, fields }) => {
      if (fields.includes('businessHours')) void this.quietly('business hours', () => this.recomputeWebsite(websiteId));
    });
    this.events.on(
      'member.removed',
      ({ websiteId }) => void this.quietly('members', () => this.recomputeWebsite(websiteId)),
    );
    this.timers.forEach((t) => t.unref());
    void this.quietly('heartbeat', () => this.store.heartbeat());
  }

  /** While Redis is still up: this instance's sockets are taken off and their agents announced. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.timers.forEach(clearInterval);
    this.grace.forEach(clearTimeout);
    const elapsed = stopwatch();
    await this.quietly('leave', async () => this.settle(await this.store.leave()));
    logger.log(`shutdown: presence left in ${elapsed()} ms`);
  }

  /** A socket of the agent connected on this instance. */
  async connected(agentId: string): Promise<void> {
    clearTimeout(this.grace.get(agentId));
    this.grace.delete(agentId);
    await this.recompute(agentId, await this.store.addSockets(agentId, 1));
  }

  /** A socket of the agent closed here; the agent goes offline if none is back within the grace. */
  async disconnected(agentId: string): Promise<void> {
    if (this.stopping || (await this.store.addSockets(agentId, -1)) > 0) return;
    clearTimeout(this.grace.get(agentId));
    const timer = setTimeout(() => {
      this.grace.delete(agentId);
      void this.quietly('recompute', async () => {
        await this.recompute(agentId);
        await this.store.forget(agentId);
      });
    }, this.config.presenceGraceMs);
    timer.unref();
    this.grace.set(agentId, timer);
  }

  /** The agent's own choice, kept across reconnects. */
  async choose(agent: AgentActor, choice: PresenceChoice): Promise<PresenceChoice> {
    await this.store.setChoice(agent.id, choice);
    await this.recompute(agent.id);
    return choice;
  }

  choiceOf(agentId: string): Promise<PresenceChoice> {
    return this.store.choice(agentId);
  }

  /** Every member of the website with their status (the caller must be a member). */
  async ofWebsite(
    agent: AgentActor,
    websiteId: string,
  ): Promise<{ items: { agentId: string; status: AgentStatus }[] }> {
    await this.websites.membership(agent, websiteId);
    const ids = await this.websites.memberIds(websiteId);
    const statuses = await this.store.statuses(ids);
    return { items: ids.map((agentId, i) => ({ agentId, status: statuses[i] })) };
  }

  /** Members of the website who are online and not away: who can be given a conversation. */
  async available(websiteId: string): Promise<string[]> {
    const ids = await this.websites.memberIds(websiteId);
    const statuses = await this.store.statuses(ids);
    return ids.filter((_, i) => statuses[i] === 'online');
  }

  /** Whether anyone can answer the website's visitors now. */
  /**
   * Whether the website shows as online to a visitor. Presence lives in Redis: while Redis is down or
   * does not answer within a second, the widget is told "away" (it offers to leave an email) rather
   * than the visitor's page failing to load the chat.
   */
  async isWebsiteOnline(websiteId: string): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        (async () => (await this.store.websiteOnline(websiteId)) ?? (await this.recomputeWebsite(websiteId)))(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('presence did not answer in time')), PRESENCE_WAIT_MS);
        }),
      ]);
    } catch (error) {
      logger.warn(`website availability unknown, shown as away: ${(error as Error).message}`);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The website's availability (someone online, within business hours) after a change of its members or settings. */
  async recomputeWebsite(websiteId: string): Promise<boolean> {
    const online = (await this.available(websiteId)).length > 0 && (await this.websites.isOpen(websiteId));
    if (await this.store.announceWebsite(websiteId, online)) {
      this.events.emit('website.availability', { websiteId, online });
    }
    return online;
  }

  private async recompute(agentId: string, sockets?: number): Promise<void> {
    const count = sockets ?? (await this.store.addSockets(agentId, 0));
    const status: AgentStatus = count > 0 ? await this.store.choice(agentId) : 'offline';
    const [previous] = await this.store.statuses([agentId]);
    if (!(await this.store.announce(agentId, status))) return;
    const websiteIds = await this.websites.websiteIdsOf(agentId);
    this.events.emit('presence.changed', { agentId, status, previous, websiteIds });
    for (const websiteId of websiteIds) await this.recomputeWebsite(websiteId);
  }

  private async recomputeOpeningHours(): Promise<void> {
    for (const websiteId of await this.websites.websitesWithBusinessHours()) await this.recomputeWebsite(websiteId);
  }

  private async reap(): Promise<void> {
    await this.settle(await this.store.reapDead());
  }

  /** What a gone instance held: its agents' status and its viewers, announced again. */
  private async settle(orphans: Orphans): Promise<void> {
    for (const agentId of orphans.agents) await this.recompute(agentId);
    for (const conversation of orphans.conversations) await this.viewers.announce(conversation);
  }

  private async quietly(what: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      logger.warn(`${what} failed: ${(error as Error).message}`);
    }
  }
}
