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

@Controller()
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly deletion: DeletionService,
  ) {}

  @Delete('conversations/:id')
  @HttpCode(204)
  async deleteConversation(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string): Promise<void> {
    await this.deletion.deleteConversation(agent, id);
  }

  @Delete('messages/:id')
  @HttpCode(204)
  async deleteMessage(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string): Promise<void> {
    await this.deletion.deleteMessage(agent, id);
  }

  @Get('websites/:id/conversations')
  list(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) websiteId: string,
    @Query(input(InboxQuery)) query: InboxQuery,
  ) {
    return this.conversations.list(agent, websiteId, query);
  }

  /** Satisfaction ratings given in [from, to): `{count, average, distribution}`. */
  @Get('websites/:id/reports/csat')
  csat(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string, @Query(input(CsatQuery)) query: CsatQuery) {
    return this.conversations.csat(agent, id, query);
  }

  @Get('websites/:id/search')
  search(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) websiteId: string,
    @Query(input(SearchQuery)) query: SearchQuery,
  ) {
    return this.conversations.search(agent, websiteId, query);
  }

  @Get('conversations/:id')
  get(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string) {
    return this.conversations.get(agent, id);
  }

  @Get('conversations/:id/messages')
  messages(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @Query(input(MessagesQuery)) query: MessagesQuery,
  ) {
    return this.conversations.messages(agent, id, query);
  }

  @Post('conversations/:id/messages')
  send(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @Body(input(SendMessageInput)) dto: SendMessageInput,
  ) {
    return this.conversations.send(agent, id, dto);
  }

  @Post('conversations/:id/close')
  @HttpCode(200)
  close(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string) {
    return this.conversations.close(agent, id);
  }

  @Post('conversations/:id/reopen')
  @HttpCode(200)
  reopen(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string) {
    return this.conversations.reopen(agent, id);
  }

  /** 200 `{conversation}` when it was unassigned or already the caller's; 409 ALREADY_ASSIGNED otherwise. */
  @Post('conversations/:id/claim')
  @HttpCode(200)
  async claim(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string) {
    return { conversation: await this.conversations.claim(agent, id) };
  }

  @Post('conversations/:id/assign')
  @HttpCode(200)
  assign(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @Body(input(AssignInput)) dto: AssignInput,
  ) {
    return this.conversations.assign(agent, id, dto.agentId);
  }

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
