import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AgentIdentity } from '../common/auth/agent-identity';
import { CurrentAgent } from '../common/auth/current-agent.decorator';
import { UUID } from '../common/validation';
import { ConversationsService } from './conversations.service';
import { AssignDto, InboxQueryDto, MessagesQueryDto, ReadDto, SendMessageDto } from './dto/conversation.dto';

@Controller()
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @Get('websites/:id/conversations')
  list(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) websiteId: string, @Query() query: InboxQueryDto) {
    return this.conversations.list(agent, websiteId, query);
  }

  @Get('conversations/:id')
  get(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string) {
    return this.conversations.getForAgent(agent, id);
  }

  @Get('conversations/:id/messages')
  messages(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string, @Query() query: MessagesQueryDto) {
    return this.conversations.messagesForAgent(agent, id, query);
  }

  @Post('conversations/:id/messages')
  send(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string, @Body() dto: SendMessageDto) {
    return this.conversations.sendAsAgent(agent, id, dto);
  }

  @Post('conversations/:id/close')
  @HttpCode(200)
  close(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string) {
    return this.conversations.closeAsAgent(agent, id);
  }

  @Post('conversations/:id/reopen')
  @HttpCode(200)
  reopen(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string) {
    return this.conversations.reopen(agent, id);
  }

  @Post('conversations/:id/assign')
  @HttpCode(200)
  assign(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string, @Body() dto: AssignDto) {
    return this.conversations.assign(agent, id, dto.agentId);
  }

  @Post('conversations/:id/read')
  @HttpCode(204)
  async read(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string, @Body() dto: ReadDto): Promise<void> {
    await this.conversations.markRead(agent, id, dto.seq);
  }
}
