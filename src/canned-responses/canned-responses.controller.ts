import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { AgentIdentity } from '../common/auth/agent-identity';
import { CurrentAgent } from '../common/auth/current-agent.decorator';
import { input, UUID } from '../common/input';
import { CannedResponsesService } from './canned-responses.service';
import { CannedResponsesQuery, CreateCannedResponseInput, UpdateCannedResponseInput } from './dto/canned-response.dto';
import { ApiArea, ApiRoute } from '../api-docs/api-route.decorator';
import { CannedResponse, CannedResponseList } from '../api-docs/response-shapes';

@ApiArea('Canned responses')
@Controller()
export class CannedResponsesController {
  constructor(private readonly canned: CannedResponsesService) {}

  @ApiRoute({ summary: 'Canned responses, filtered by q', ok: CannedResponseList })
  @Get('websites/:id/canned-responses')
  list(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) websiteId: string,
    @Query(input(CannedResponsesQuery)) query: CannedResponsesQuery,
  ) {
    return this.canned.list(agent, websiteId, query);
  }

  @ApiRoute({
    summary: 'Add a canned response (owner/admin)',
    ok: CannedResponse,
    errors: ['FORBIDDEN', 'SHORTCUT_TAKEN', 'TOO_MANY'],
  })
  @Post('websites/:id/canned-responses')
  create(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) websiteId: string,
    @Body(input(CreateCannedResponseInput)) dto: CreateCannedResponseInput,
  ) {
    return this.canned.create(agent, websiteId, dto);
  }

  @ApiRoute({
    summary: 'Change a canned response (owner/admin)',
    ok: CannedResponse,
    errors: ['FORBIDDEN', 'SHORTCUT_TAKEN'],
  })
  @Patch('canned-responses/:id')
  update(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @Body(input(UpdateCannedResponseInput)) dto: UpdateCannedResponseInput,
  ) {
    return this.canned.update(agent, id, dto);
  }

  @ApiRoute({ summary: 'Delete a canned response (owner/admin)', errors: ['FORBIDDEN'] })
  @Delete('canned-responses/:id')
  @HttpCode(204)
  async remove(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string): Promise<void> {
    await this.canned.remove(agent, id);
  }
}
