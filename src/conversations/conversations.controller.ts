import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AgentIdentity } from '../common/auth/agent-identity';
import { CurrentAgent } from '../common/auth/current-agent.decorator';
import { input, UUID } from '../common/input';
import { ConversationsService } from './conversations.service';
import { DeletionService } from './deletion.service';
import {
  AssignInput,
  CsatQuery,
  InboxQuery,
  MessagesQuery,
  ReadInput,
  SearchQuery,
  SendMessageInput,
} from './dto/conversation.dto';
import { ApiArea, ApiRoute } from '../api-docs/api-route.decorator';
import {
  Conversation,
  CsatReport,
  ConversationEnvelope,
  InboxConversation,
  InboxPage,
  Message,
  MessagePage,
  SearchPage,
} from '../api-docs/response-shapes';

@ApiArea('Conversations')
@Controller()
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly deletion: DeletionService,
  ) {}

  @ApiRoute({
    summary: 'Delete a conversation (owner/admin): hidden at once, purged after 30 days',
    errors: ['FORBIDDEN'],
  })
  @Delete('conversations/:id')
  @HttpCode(204)
  async deleteConversation(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string): Promise<void> {
    await this.deletion.deleteConversation(agent, id);
  }

  @ApiRoute({
    summary: 'Remove a message’s body (its author, or owner/admin); it keeps its seq',
    errors: ['FORBIDDEN'],
  })
  @Delete('messages/:id')
  @HttpCode(204)
  async deleteMessage(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string): Promise<void> {
    await this.deletion.deleteMessage(agent, id);
  }

  @ApiRoute({ summary: 'The inbox: conversations of a website, filtered', ok: InboxPage })
  @Get('websites/:id/conversations')
  list(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) websiteId: string,
    @Query(input(InboxQuery)) query: InboxQuery,
  ) {
    return this.conversations.list(agent, websiteId, query);
  }

  /** Satisfaction ratings given in [from, to): `{count, average, distribution}`. */
  @ApiRoute({ summary: 'Satisfaction ratings of a website: count, average and distribution', ok: CsatReport })
  @Get('websites/:id/reports/csat')
  csat(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string, @Query(input(CsatQuery)) query: CsatQuery) {
    return this.conversations.csat(agent, id, query);
  }

  @ApiRoute({ summary: 'Full-text search over every message and visitor names and emails', ok: SearchPage })
  @Get('websites/:id/search')
  search(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) websiteId: string,
    @Query(input(SearchQuery)) query: SearchQuery,
  ) {
    return this.conversations.search(agent, websiteId, query);
  }

  @ApiRoute({ summary: 'One conversation with its visitor', ok: InboxConversation })
  @Get('conversations/:id')
  get(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string) {
    return this.conversations.get(agent, id);
  }

  @ApiRoute({ summary: 'Messages in ascending seq, after or before a seq', ok: MessagePage })
  @Get('conversations/:id/messages')
  messages(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @Query(input(MessagesQuery)) query: MessagesQuery,
  ) {
    return this.conversations.messages(agent, id, query);
  }

  @ApiRoute({
    summary:
      'Send a message as the agent (same as the socket event); a replayed clientMessageId returns the stored one',
    ok: Message,
    errors: ['CONVERSATION_CLOSED', 'NOT_ASSIGNEE', 'FORBIDDEN'],
  })
  @Post('conversations/:id/messages')
  send(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @Body(input(SendMessageInput)) dto: SendMessageInput,
  ) {
    return this.conversations.send(agent, id, dto);
  }

  @ApiRoute({ summary: 'Close the conversation', ok: Conversation })
  @Post('conversations/:id/close')
  @HttpCode(200)
  close(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string) {
    return this.conversations.close(agent, id);
  }

  @ApiRoute({ summary: 'Reopen the conversation', ok: Conversation })
  @Post('conversations/:id/reopen')
  @HttpCode(200)
  reopen(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string) {
    return this.conversations.reopen(agent, id);
  }

  /** 200 `{conversation}` when it was unassigned or already the caller's; 409 ALREADY_ASSIGNED otherwise. */
  @ApiRoute({
    summary: 'Take an unassigned conversation (of two concurrent claims one wins)',
    ok: ConversationEnvelope,
    errors: ['ALREADY_ASSIGNED'],
  })
  @Post('conversations/:id/claim')
  @HttpCode(200)
  async claim(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string) {
    return { conversation: await this.conversations.claim(agent, id) };
  }

  @ApiRoute({ summary: 'Assign to a member, or nobody (null)', ok: Conversation, errors: ['FORBIDDEN'] })
  @Post('conversations/:id/assign')
  @HttpCode(200)
  assign(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @Body(input(AssignInput)) dto: AssignInput,
  ) {
    return this.conversations.assign(agent, id, dto.agentId);
  }

  @ApiRoute({ summary: 'Mark read up to seq; conversation:read goes to both sides' })
  @Post('conversations/:id/read')
  @HttpCode(204)
  async read(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @Body(input(ReadInput)) dto: ReadInput,
  ): Promise<void> {
    await this.conversations.markRead(agent, id, dto.seq);
  }
}
