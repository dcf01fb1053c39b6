import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { AgentIdentity } from '../common/auth/agent-identity';
import { CurrentAgent } from '../common/auth/current-agent.decorator';
import { input, UUID, UUID_OR_ME } from '../common/input';
import { AuditQuery, CreateWebsiteInput, UpdateMemberInput, UpdateWebsiteInput } from './dto/website.dto';
import { WebsitesService } from './websites.service';

@Controller('websites')
export class WebsitesController {
  constructor(private readonly websites: WebsitesService) {}

  @Post()
  create(@CurrentAgent() agent: AgentIdentity, @Body(input(CreateWebsiteInput)) dto: CreateWebsiteInput) {
    return this.websites.create(agent, dto);
  }

  @Get()
  list(@CurrentAgent() agent: AgentIdentity) {
    return this.websites.list(agent);
  }

  @Get(':id')
  get(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string) {
    return this.websites.get(agent, id);
  }

  @Patch(':id')
  update(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @Body(input(UpdateWebsiteInput)) dto: UpdateWebsiteInput,
  ) {
    return this.websites.update(agent, id, dto);
  }

  @Post(':id/key/rotate')
  @HttpCode(200)
  rotateKey(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string) {
    return this.websites.rotateKey(agent, id);
  }

  @Post(':id/identity-secret/rotate')
  @HttpCode(200)
  rotateIdentitySecret(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string) {
    return this.websites.rotateIdentitySecret(agent, id);
  }

  @Get(':id/audit')
  audit(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @Query(input(AuditQuery)) query: AuditQuery,
  ) {
    return this.websites.auditLog(agent, id, query);
  }

  @Get(':id/members')
  members(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string) {
    return this.websites.members(agent, id);
  }

  @Patch(':id/members/:agentId')
  changeRole(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @Param('agentId', UUID) agentId: string,
    @Body(input(UpdateMemberInput)) dto: UpdateMemberInput,
  ) {
    return this.websites.changeRole(agent, id, agentId, dto);
  }

  /** `me` leaves the website. */
  @Delete(':id/members/:agentId')
  @HttpCode(204)
  async removeMember(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @Param('agentId', UUID_OR_ME) agentId: string,
  ): Promise<void> {
    await this.websites.removeMember(agent, id, agentId === 'me' ? agent.id : agentId);
  }
}
