import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { AgentActor } from '../common/auth/actor';
import { DomainEvents } from '../common/domain-events';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MANAGER_ROLES } from '../websites/membership';
import { toConversation } from './conversation-rows';
import { ConversationError } from './conversations.errors';
import './conversations.events';
import { DeletionRepository } from './deletion.repository';

/** A deleted conversation is purged for good this long after its deletion. */
export const DELETED_PURGE_DAYS = 30;
const PURGE_BATCH = 500;
const RETENTION_JOB = 'retention-purge';

/**
 * Deleting conversations (owner/admin), redacting messages (their agent author, or owner/admin),
 * and the retention job that purges, once per cluster and period, what was deleted 30 days ago
 * and what a website's `retentionDays` no longer keeps. Each change is audited in its transaction.
 */
@Injectable()
export class DeletionService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('Retention');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repo: DeletionRepository,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.retentionSweepMs <= 0) return;
    this.timer = setInterval(
      () => void this.sweep().catch((e: unknown) => this.log.error(String(e))),
      this.config.retentionSweepMs,
    );
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async deleteConversation(agent: AgentActor, conversationId: string): Promise<void> {
    await this.repo.transaction(async (tx) => {
      const row = await this.repo.lockConversation(tx, agent.id, conversationId);
      if (!row) throw new ConversationError('NOT_FOUND');
      if (!MANAGER_ROLES.includes(row.role)) {
        throw new ConversationError('FORBIDDEN', 'Only an owner or admin may delete a conversation');
      }
      await this.repo.softDelete(tx, conversationId);
      await this.audit.record(tx, {
        websiteId: row.website_id,
        actor: agent,
        action: 'conversation.deleted',
        target: { type: 'conversation', id: conversationId },
        details: { visitorId: row.visitor_id, messages: row.last_seq, purgeAfterDays: DELETED_PURGE_DAYS },
      });
      const conversation = toConversation(row);
      tx.afterCommit(() => this.events.emit('conversation.deleted', { conversation }));
    });
  }

  async deleteMessage(agent: AgentActor, messageId: string): Promise<void> {
    await this.repo.transaction(async (tx) => {
      const message = await this.repo.lockMessage(tx, agent.id, messageId);
      if (!message) throw new ConversationError('NOT_FOUND', 'The message does not exist');
      if (message.deleted_at) return; // already gone: the same outcome, nothing new to tell
      const own = message.sender_type === 'agent' && message.sender_agent_id === agent.id;
      if (message.sender_type === 'system') {
        throw new ConversationError('FORBIDDEN', 'System messages record what happened and stay');
      }
      if (!own && !MANAGER_ROLES.includes(message.role)) {
        throw new ConversationError('FORBIDDEN', 'Only its author or an owner or admin may delete a message');
      }
      const files = await this.repo.redact(tx, messageId);
      const conversation = toConversation(message.conversation);
      await this.audit.record(tx, {
        websiteId: conversation.websiteId,
        actor: agent,
        action: 'message.deleted',
        target: { type: 'message', id: messageId },
        details: { conversationId: conversation.id, seq: message.seq, sender: message.sender_type },
      });
      tx.afterCommit(() => {
        this.events.emit('message.deleted', { conversation, messageId, seq: message.seq });
        if (files.length) this.events.emit('attachments.discarded', { files });
      });
    });
  }

  /**
   * The retention job's run: false when another instance ran it this period. Purges in batches,
   * each its own transaction with its audit entries, so a big purge never holds long locks.
   */
  async sweep(): Promise<boolean> {
    // A little under the interval, so each instance's timer may take the next turn.
    const period = this.config.retentionSweepMs > 0 ? this.config.retentionSweepMs * 0.9 : 3_600_000;
    if (!(await this.repo.claimRun(RETENTION_JOB, period))) return false;
    for (const kind of ['deleted', 'expired'] as const) {
      for (;;) {
        const purged = await this.repo.transaction(async (tx) => {
          const rows = await this.repo.purgeBatch(tx, kind, DELETED_PURGE_DAYS, PURGE_BATCH);
          const conversations = rows.flatMap((r) => r.ids);
          if (conversations.length) tx.afterCommit(() => this.events.emit('attachments.discarded', { conversations }));
          for (const { website_id, n } of rows) {
            await this.audit.record(tx, {
              websiteId: website_id,
              actor: { type: 'system', id: null },
              action: 'retention.purged',
              details: { conversations: n, reason: kind === 'deleted' ? 'deleted' : 'retention' },
            });
          }
          return rows.reduce((sum, r) => sum + r.n, 0);
        });
        if (purged < PURGE_BATCH) break;
      }
    }
    return true;
  }
}
