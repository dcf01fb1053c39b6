import { Injectable } from '@nestjs/common';
import { AgentIdentity } from '../common/auth/agent-identity';
import { VisitorIdentity } from '../common/auth/visitor-identity';
import { ValidationFailed } from '../common/domain-error';
import { RealtimePublisher } from '../realtime/realtime.publisher';
import { WebsitesService } from '../websites/websites.service';
import { Conversation, Message, Sender } from './conversation.types';
import { ConversationsRepository } from './conversations.repository';
import { ConversationError } from './conversations.errors';
import { InboxQueryDto, MessagesQueryDto, OpenConversationDto, SendMessageDto } from './dto/conversation.dto';
import { InboxRepository } from './inbox.repository';

const asAgent = (agent: AgentIdentity): Sender => ({ type: 'agent', id: agent.id });
const asVisitor = (visitor: VisitorIdentity): Sender => ({ type: 'visitor', id: visitor.id });

function encodeCursor(cursor: { at: string; id: string } | null): string | null {
  return cursor ? Buffer.from(`${cursor.at}|${cursor.id}`, 'utf8').toString('base64url') : null;
}

function decodeCursor(raw: string | undefined): { at: string; id: string } | undefined {
  if (raw === undefined) return undefined;
  const [at, id, ...rest] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  // `at` is integer microseconds since the epoch, as the inbox query wrote it.
  if (rest.length || !at || !id || !/^\d{1,16}$/.test(at) || !uuid.test(id)) {
    throw new ValidationFailed([{ field: 'cursor', message: 'cursor is not one this server gave out' }]);
  }
  return { at, id };
}

/**
 * The conversation use cases, for REST and the socket alike: persist first, then publish.
 * A replayed clientMessageId returns the stored message and publishes nothing.
 */
@Injectable()
export class ConversationsService {
  constructor(
    private readonly repo: ConversationsRepository,
    private readonly inbox: InboxRepository,
    private readonly websites: WebsitesService,
    private readonly publisher: RealtimePublisher,
  ) {}

  async openAsVisitor(visitor: VisitorIdentity, dto: OpenConversationDto) {
    const first =
      dto.body !== undefined && dto.clientMessageId
        ? { body: dto.body, clientMessageId: dto.clientMessageId }
        : undefined;
    const result = await this.repo.openForVisitor(visitor.websiteId, visitor.id, first);
    if (result.created) await this.publishOpen(result.conversation.id);
    if (result.message && result.messageCreated) this.publisher.messageNew(result.conversation, result.message);
    return { conversation: result.conversation, ...(result.message ? { message: result.message } : {}) };
  }

  /** A visitor writing into a closed conversation reopens it. */
  async sendAsVisitor(visitor: VisitorIdentity, conversationId: string, dto: SendMessageDto): Promise<Message> {
    const result = await this.repo.appendMessage(conversationId, asVisitor(visitor), dto, 'reopen');
    if (result.reopened) await this.publishOpen(result.conversation.id);
    if (result.created) this.publisher.messageNew(result.conversation, result.message);
    return result.message;
  }

  /** An agent writing into a closed conversation is refused until an agent reopens it. */
  async sendAsAgent(agent: AgentIdentity, conversationId: string, dto: SendMessageDto): Promise<Message> {
    const result = await this.repo.appendMessage(conversationId, asAgent(agent), dto, 'refuse');
    if (result.created) this.publisher.messageNew(result.conversation, result.message);
    return result.message;
  }

  async close(actor: Sender, conversationId: string): Promise<Conversation> {
    const { conversation, changed } = await this.inbox.setStatus(actor, conversationId, 'closed');
    if (changed) this.publisher.conversationClose(conversation);
    return conversation;
  }

  closeAsAgent(agent: AgentIdentity, conversationId: string) {
    return this.close(asAgent(agent), conversationId);
  }

  closeAsVisitor(visitor: VisitorIdentity, conversationId: string) {
    return this.close(asVisitor(visitor), conversationId);
  }

  async reopen(agent: AgentIdentity, conversationId: string): Promise<Conversation> {
    const { conversation, changed } = await this.inbox.setStatus(asAgent(agent), conversationId, 'open');
    if (changed) await this.publishOpen(conversation.id);
    return conversation;
  }

  async assign(agent: AgentIdentity, conversationId: string, assigneeId: string | null): Promise<Conversation> {
    const { conversation, changed } = await this.inbox.assign(agent.id, conversationId, assigneeId);
    if (changed) this.publisher.conversationAssigned(conversation);
    return conversation;
  }

  async markRead(agent: AgentIdentity, conversationId: string, seq: number): Promise<void> {
    if (!(await this.inbox.markRead(agent.id, conversationId, seq))) throw new ConversationError('NOT_FOUND');
  }

  async list(agent: AgentIdentity, websiteId: string, dto: InboxQueryDto) {
    await this.websites.membership(agent, websiteId);
    const { items, next } = await this.inbox.list(agent.id, websiteId, {
      status: dto.status,
      assignee: dto.assignee === 'me' ? agent.id : dto.assignee,
      tag: dto.tag,
      q: dto.q || undefined,
      cursor: decodeCursor(dto.cursor),
      limit: dto.limit ?? 25,
    });
    return { items, nextCursor: encodeCursor(next) };
  }

  async getForAgent(agent: AgentIdentity, conversationId: string) {
    const conversation = await this.inbox.get(agent.id, conversationId);
    if (!conversation) throw new ConversationError('NOT_FOUND');
    return conversation;
  }

  async messagesForAgent(agent: AgentIdentity, conversationId: string, dto: MessagesQueryDto) {
    return this.messages(asAgent(agent), conversationId, dto);
  }

  async messagesForVisitor(visitor: VisitorIdentity, conversationId: string, dto: MessagesQueryDto) {
    return this.messages(asVisitor(visitor), conversationId, dto);
  }

  listForVisitor(visitor: VisitorIdentity): Promise<Conversation[]> {
    return this.inbox.listForVisitor(visitor.id);
  }

  /** Used by the gateway to authorise typing and room joins. */
  async findFor(actor: Sender, conversationId: string): Promise<Conversation> {
    const conversation = await this.inbox.findScoped(actor, conversationId);
    if (!conversation) throw new ConversationError('NOT_FOUND');
    return conversation;
  }

  private async messages(actor: Sender, conversationId: string, dto: MessagesQueryDto) {
    if (dto.afterSeq !== undefined && dto.beforeSeq !== undefined) {
      throw new ValidationFailed([{ field: 'beforeSeq', message: 'give afterSeq or beforeSeq, not both' }]);
    }
    await this.findFor(actor, conversationId);
    return this.repo.listMessages(conversationId, {
      afterSeq: dto.afterSeq,
      beforeSeq: dto.beforeSeq,
      limit: dto.limit ?? 50,
    });
  }

  /**
   * Agents get the conversation with its visitor and last message, as their inbox lists it; the
   * visitor gets the conversation alone. Read after the commit that opened it, so both see it as
   * it is now.
   */
  private async publishOpen(conversationId: string): Promise<void> {
    const forAgents = await this.inbox.get(null, conversationId);
    if (!forAgents) return; // deleted with its website meanwhile: nobody left to tell
    const { visitor: _visitor, lastMessage: _lastMessage, unreadCount: _unread, ...conversation } = forAgents;
    this.publisher.conversationOpen(conversation, forAgents);
  }
}
