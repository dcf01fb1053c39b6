import { Inject, Injectable } from '@nestjs/common';
import { RateLimited } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RateWindow } from '../redis/rate-window';
import type { Actor } from '../common/auth/actor';
import { DomainEvents } from '../common/domain-events';
import { WebsitesService } from '../websites/websites.service';
import {
  decodeCursor,
  decodeSearchCursor,
  encodeCursor,
  encodeSearchCursor,
  endOf,
  mustBeAgent,
  mustBeVisitor,
  senderOf,
  whenClosed,
} from './conversation-rules';
import { Conversation, Message, NewMessage } from './conversation.types';
import { Change, ConversationStateRepository } from './conversation-state.repository';
import { ConversationsRepository } from './conversations.repository';
import { ConversationError } from './conversations.errors';
import './conversations.events';
import {
  InboxQuery,
  MessagesQuery,
  OpenConversationInput,
  CsatQuery,
  RatingInput,
  SearchQuery,
  SendMessageInput,
} from './dto/conversation.dto';
import { SearchRepository } from './search.repository';
import { CsatReport, RatingsRepository } from './ratings.repository';
import { InboxConversation, InboxRepository } from './inbox.repository';

const HOUR_MS = 3600_000;

/**
 * The conversation use cases, for REST and the socket alike, for agents and visitors alike: each
 * takes the actor and applies the rules itself. Persist first, then announce (domain events);
 * a replayed clientMessageId returns the stored message and announces nothing.
 */
@Injectable()
export class ConversationsService {
  constructor(
    private readonly repo: ConversationsRepository,
    private readonly inbox: InboxRepository,
    private readonly state: ConversationStateRepository,
    private readonly searches: SearchRepository,
    private readonly ratings: RatingsRepository,
    private readonly websites: WebsitesService,
    private readonly events: DomainEvents,
    private readonly limits: RateWindow,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The visitor's open conversation, or a new one, with an optional first message. */
  async open(actor: Actor, dto: OpenConversationInput): Promise<{ conversation: Conversation; message?: Message }> {
    mustBeVisitor(actor, 'open conversations');
    const limit = this.config.limits.visitorConversationsPerHour;
    const key = `conversations:${actor.id}`;
    if ((await this.limits.peek(key, HOUR_MS)) >= limit) {
      const open = (await this.inbox.listForVisitor(actor.id, 1)).find((c) => c.status === 'open');
      if (!open) throw new RateLimited(60, `At most ${limit} new conversations an hour`, 'visitor_conversations');
    }
    const first =
      dto.body !== undefined && dto.clientMessageId
        ? { body: dto.body, clientMessageId: dto.clientMessageId }
        : undefined;
    const result = await this.repo.openForVisitor(actor.websiteId, actor.id, first, {
      url: dto.pageUrl,
      title: dto.pageTitle,
    });
    if (result.created) {
      await this.limits.hit(key, limit, HOUR_MS);
      const view = await this.inbox.get(null, result.conversation.id);
      if (view) this.events.emit('conversation.opened', { conversation: view });
    }
    if (result.message && result.messageCreated) {
      this.events.emit('message.created', {
        conversation: result.conversation,
        message: result.message,
        reopened: null,
      });
    }
    return { conversation: result.conversation, ...(result.message ? { message: result.message } : {}) };
  }

  /**
   * A visitor writing into a closed conversation reopens it; an agent is refused until an agent
   * reopens it. Under the website's reply policy `assignee`, an agent writes only into a
   * conversation they hold, and writing into an unassigned one claims it first.
   */
  async send(actor: Actor, conversationId: string, dto: SendMessageInput | NewMessage): Promise<Message> {
    const append = () => this.repo.appendMessage(conversationId, senderOf(actor), dto, whenClosed(actor));
    let result;
    try {
      result = await append();
    } catch (error) {
      if (!(error instanceof ConversationError && error.code === 'UNCLAIMED')) throw error;
      await this.claim(actor, conversationId).catch((claimError: unknown) => {
        throw claimError instanceof ConversationError && claimError.code === 'ALREADY_ASSIGNED'
          ? new ConversationError('NOT_ASSIGNEE')
          : claimError;
      });
      result = await append();
    }
    if (result.created) {
      // Agents are told of a reopened conversation as their inbox shows it, read after the commit.
      const reopened = result.reopened ? await this.inbox.get(null, result.conversation.id) : null;
      this.events.emit('message.created', { conversation: result.conversation, message: result.message, reopened });
    }
    return result.message;
  }

  async close(actor: Actor, conversationId: string): Promise<Conversation> {
    const { conversation, message } = await this.state.setStatus(actor, conversationId, 'closed');
    if (message) this.events.emit('conversation.closed', { conversation, message });
    return conversation;
  }

  async reopen(actor: Actor, conversationId: string): Promise<Conversation> {
    mustBeAgent(actor, 'reopen conversations');
    const { conversation, message } = await this.state.setStatus(actor, conversationId, 'open');
    if (message) {
      const view = await this.inbox.get(null, conversation.id);
      if (view) this.events.emit('conversation.reopened', { conversation: view, message });
    }
    return conversation;
  }

  /** Takes an unassigned conversation (or keeps one's own); another agent's is ALREADY_ASSIGNED. */
  async claim(actor: Actor, conversationId: string): Promise<Conversation> {
    mustBeAgent(actor, 'claim conversations');
    return this.assigned(await this.state.claim(actor.id, conversationId));
  }

  async assign(actor: Actor, conversationId: string, assigneeId: string | null): Promise<Conversation> {
    mustBeAgent(actor, 'assign conversations');
    return this.assigned(await this.state.assign(actor.id, conversationId, assigneeId));
  }

  private assigned({ conversation, message }: Change): Conversation {
    if (message) this.events.emit('conversation.assigned', { conversation, message });
    return conversation;
  }

  /** Either side reads up to `seq`; when their position moved, both sides hear `conversation:read`. */
  async markRead(actor: Actor, conversationId: string, seq: number): Promise<void> {
    const result =
      actor.type === 'agent'
        ? await this.inbox.markRead(actor.id, conversationId, seq)
        : await this.inbox.markReadByVisitor(actor.id, conversationId, seq);
    if (!result) throw new ConversationError('NOT_FOUND');
    if (result.moved !== null) {
      this.events.emit('conversation.read', { conversation: result.conversation, seq: result.moved, by: actor.type });
    }
  }

  /** The visitor rates a closed conversation, once; agents see it as a conversation update. */
  async rate(actor: Actor, conversationId: string, dto: RatingInput): Promise<Conversation> {
    mustBeVisitor(actor, 'rate conversations');
    const conversation = await this.ratings.rate(actor.id, conversationId, dto.score, dto.comment || null);
    this.events.emit('conversation.updated', { conversation });
    return conversation;
  }

  async csat(actor: Actor, websiteId: string, query: CsatQuery): Promise<CsatReport> {
    mustBeAgent(actor, 'see satisfaction reports');
    const report = await this.ratings.report(
      actor.id,
      websiteId,
      query.from ? new Date(query.from) : undefined,
      query.to ? endOf(query.to) : undefined,
    );
    if (!report) throw new ConversationError('NOT_FOUND');
    return report;
  }

  async list(actor: Actor, websiteId: string, query: InboxQuery) {
    mustBeAgent(actor, 'list a website’s conversations');
    await this.websites.membership(actor, websiteId);
    const { items, next } = await this.inbox.list(actor.id, websiteId, {
      status: query.status,
      assignee: query.assignee === 'me' ? actor.id : query.assignee,
      tags: query.tag,
      q: query.q || undefined,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? endOf(query.to) : undefined,
      cursor: decodeCursor(query.cursor),
      limit: query.limit ?? 25,
    });
    return { items, nextCursor: encodeCursor(next) };
  }

  /** Full-text search over the website's conversations (see search.repository.ts). */
  async search(actor: Actor, websiteId: string, query: SearchQuery) {
    mustBeAgent(actor, 'search a website’s conversations');
    await this.websites.membership(actor, websiteId);
    const offset = decodeSearchCursor(query.cursor);
    const limit = query.limit ?? 20;
    const { items, more } = await this.searches.search(actor.id, websiteId, {
      q: query.q,
      status: query.status,
      assignee: query.assignee === 'me' ? actor.id : query.assignee,
      tags: query.tag,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? endOf(query.to) : undefined,
      offset,
      limit,
    });
    return { items, nextCursor: encodeSearchCursor(more ? offset + limit : null) };
  }

  /** A conversation as the agent's inbox shows it. */
  async get(actor: Actor, conversationId: string): Promise<InboxConversation> {
    mustBeAgent(actor, 'see a conversation with its visitor');
    const conversation = await this.inbox.get(actor.id, conversationId);
    if (!conversation) throw new ConversationError('NOT_FOUND');
    return conversation;
  }

  async messages(actor: Actor, conversationId: string, query: MessagesQuery) {
    await this.authorise(actor, conversationId);
    return this.repo.listMessages(conversationId, {
      afterSeq: query.afterSeq,
      beforeSeq: query.beforeSeq,
      limit: query.limit ?? 50,
      // System messages (who assigned or closed what) are the team's.
      withSystem: actor.type === 'agent',
    });
  }

  /** The visitor's conversations, each with how far the team has read it (`agentReadSeq`, for "Seen"). */
  async listForVisitor(actor: Actor): Promise<(Conversation & { agentReadSeq: number })[]> {
    mustBeVisitor(actor, 'list their own conversations');
    const conversations = await this.inbox.listForVisitor(actor.id);
    const reads = await this.inbox.agentReadSeqs(conversations.map((c) => c.id));
    return conversations.map((c) => ({ ...c, agentReadSeq: reads.get(c.id) ?? 0 }));
  }

  /** The conversation if the actor may see it (a member agent, or its visitor); NOT_FOUND otherwise. */
  async authorise(actor: Actor, conversationId: string): Promise<Conversation> {
    const conversation = await this.inbox.findScoped(actor, conversationId);
    if (!conversation) throw new ConversationError('NOT_FOUND');
    return conversation;
  }
}
