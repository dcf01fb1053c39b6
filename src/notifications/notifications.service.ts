import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainEvents } from '../common/domain-events';
import { Mailer } from '../common/mailer';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { ConversationRef, Message } from '../conversations/conversation.types';
import '../conversations/conversations.events';
import { Sql } from '../database/db';
import { MetricsService } from '../metrics/metrics.service';
import { replyMail, unreadMail } from './notification-mails';
import { NotificationsRepository } from './notifications.repository';
import { OutboxJob, OutboxRepository } from './outbox.repository';

const logger = new Logger('Notifications');
/** Attempts before a mail is given up. */
const MAX_ATTEMPTS = 8;
const JOBS_PER_TURN = 10;

/**
 * Mail to people who are away, through the durable outbox:
 * - agents hear of a visitor's message nobody read within NOTIFY_AFTER_SECONDS (one mail per
 *   conversation per such window at most), sent to the assignee or, unassigned, to every member
 *   who wants all mail;
 * - a visitor with an email hears of the team's replies that reached none of their sockets, with a
 *   link back to the page the conversation started on and one to unsubscribe.
 * Whether anyone read (or the visitor came back) is looked at when the mail is due, not before.
 * The outbox is read by every instance and a job taken by exactly one (see OutboxRepository).
 */
@Injectable()
export class NotificationsService implements OnModuleInit, OnApplicationShutdown {
  /** Conversations with a pending job of this instance, by key, until it is due: no insert per message. */
  private readonly pending = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private working: Promise<void> | null = null;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly repo: NotificationsRepository,
    private readonly mailer: Mailer,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    this.metrics.watchOutbox(() => this.outbox.backlog());
    this.events.on('message.created', ({ conversation, message }) => {
      if (message.sender.type === 'visitor')
        this.schedule('agent-unread', conversation.id, { conversationId: conversation.id });
    });
    this.timer = setInterval(() => this.work(), this.config.outboxPollMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.working;
  }

  /** The agent's message reached none of the visitor's sockets (realtime checks). */
  visitorMissed(conversation: ConversationRef, message: Message): void {
    void this.repo
      .visitorReachable(conversation.id)
      .then((reachable) => {
        if (reachable)
          this.schedule('visitor-missed', conversation.id, { conversationId: conversation.id, fromSeq: message.seq });
      })
      .catch((error: unknown) => logger.warn(`visitor mail not scheduled: ${(error as Error).message}`));
  }

  /** `token` from an unsubscribe link; false when it is not one this server made. */
  async unsubscribe(token: string): Promise<boolean> {
    const [visitorId, signature] = token.split('.');
    if (!visitorId || !signature || !/^[0-9a-f-]{36}$/i.test(visitorId)) return false;
    const expected = Buffer.from(this.sign(visitorId));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
    return this.repo.unsubscribe(visitorId);
  }

  unsubscribeUrl(visitorId: string): string {
    return `${this.config.publicUrl}/api/v1/widget/unsubscribe?token=${visitorId}.${this.sign(visitorId)}`;
  }

  /** Runs the due jobs now (the timer does it every OUTBOX_POLL_MS; tests may call it). */
  work(): Promise<void> {
    this.working ??= this.drain()
      .catch((error: unknown) => logger.warn(`outbox: ${(error as Error).message}`))
      .finally(() => (this.working = null));
    return this.working;
  }

  private schedule(kind: string, conversationId: string, payload: object): void {
    // Without SMTP in production there is nobody to mail; elsewhere the log shows what would go.
    if (!this.config.smtpUrl && this.config.nodeEnv === 'production') return;
    const key = `${kind}:${conversationId}`;
    const delayMs = this.config.notifyAfterSeconds * 1000;
    if ((this.pending.get(key) ?? 0) > Date.now()) return;
    this.pending.set(key, Date.now() + delayMs);
    if (this.pending.size > 50_000) this.sweep();
    this.outbox.enqueue(kind, key, payload, delayMs).catch((error: unknown) => {
      this.pending.delete(key);
      logger.warn(`could not schedule ${key}: ${(error as Error).message}`);
    });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const taken = await this.outbox.transaction(async (tx) => {
        const jobs = await this.outbox.claimDue(tx, JOBS_PER_TURN);
        for (const job of jobs) await this.run(tx, job);
        return jobs.length;
      });
      if (taken < JOBS_PER_TURN) return;
    }
  }

  private async run(tx: Sql, job: OutboxJob): Promise<void> {
    try {
      if (job.kind === 'agent-unread') await this.mailUnread(tx, String(job.payload.conversationId));
      else if (job.kind === 'visitor-missed') {
        await this.mailVisitor(tx, String(job.payload.conversationId), Number(job.payload.fromSeq));
      }
      await this.outbox.done(tx, job.id);
    } catch (error) {
      const attempts = job.attempts + 1;
      const delay = Math.min(this.config.outboxRetryMs * 2 ** (attempts - 1), 3600_000);
      logger.warn(`${job.dedupe_key}: attempt ${attempts} failed (${(error as Error).message})`);
      await this.outbox.retry(tx, job.id, (error as Error).message, delay, attempts >= MAX_ATTEMPTS);
    }
  }

  private async mailUnread(tx: Sql, conversationId: string): Promise<void> {
    const conversation = await this.repo.conversation(tx, conversationId);
    if (!conversation) return;
    const unread = await this.repo.unreadByAgents(tx, conversationId);
    if (unread.length === 0) return;
    const link = `${this.config.publicUrl}/app/conversations/${conversationId}`;
    for (const to of await this.repo.recipients(tx, conversation)) {
      await this.mailer.deliver(unreadMail(to.email, conversation, unread, link));
    }
  }

  private async mailVisitor(tx: Sql, conversationId: string, fromSeq: number): Promise<void> {
    const conversation = await this.repo.conversation(tx, conversationId);
    if (!conversation?.visitor_email || conversation.visitor_unsubscribed) return;
    const missed = await this.repo.missedByVisitor(tx, conversationId, fromSeq);
    if (missed.length === 0) return;
    await this.mailer.deliver(replyMail(conversation, missed, this.unsubscribeUrl(conversation.visitor_id)));
  }

  private sign(visitorId: string): string {
    return createHmac('sha256', this.config.jwtSecret).update(`unsubscribe:${visitorId}`).digest('base64url');
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, until] of this.pending) if (until <= now) this.pending.delete(key);
  }
}
