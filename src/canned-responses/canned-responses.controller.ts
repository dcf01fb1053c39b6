import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { AgentIdentity } from '../common/auth/agent-identity';
import { CurrentAgent } from '../common/auth/current-agent.decorator';
import { input, UUID } from '../common/input';
import { CannedResponsesService } from './canned-responses.service';
import { CannedResponsesQuery, CreateCannedResponseInput, UpdateCannedResponseInput } from './dto/canned-response.dto';

@Controller()
export class CannedResponsesController {
  constructor(private readonly canned: CannedResponsesService) {}

  @Get('websites/:id/canned-responses')
  list(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) websiteId: string,
    @Query(input(CannedResponsesQuery)) query: CannedResponsesQuery,
  ) {
    return this.canned.list(agent, websiteId, query);
  }

  @Post('websites/:id/canned-responses')
  create(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) websiteId: string,
    @Body(input(CreateCannedResponseInput)) dto: CreateCannedResponseInput,
  ) {
    return this.canned.create(agent, websiteId, dto);
  }

  @Patch('canned-responses/:id')
  update(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @Body(input(UpdateCannedResponseInput)) dto: UpdateCannedResponseInput,
  ) {
    return this.canned.update(agent, id, dto);
  }

  @Delete('canned-responses/:id')
  @HttpCode(204)
  async remove(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string): Promise<void> {
    await this.canned.remove(agent, id);
  }
}
