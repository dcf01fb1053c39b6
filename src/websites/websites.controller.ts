import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { AgentIdentity } from '../common/auth/agent-identity';
import { CurrentAgent } from '../common/auth/current-agent.decorator';
import { input, UUID, UUID_OR_ME } from '../common/input';
import { AuditQuery, CreateWebsiteInput, UpdateMemberInput, UpdateWebsiteInput } from './dto/website.dto';
import { WebsitesService } from './websites.service';
import { ApiArea, ApiRoute } from '../api-docs/api-route.decorator';
import {
  AuditList,
  IdentitySecret,
  Member,
  MemberList,
  RotatedKey,
  Website,
  WebsiteList,
} from '../api-docs/response-shapes';

@ApiArea('Websites')
@Controller('websites')
export class WebsitesController {
  constructor(private readonly websites: WebsitesService) {}

  @ApiRoute({ summary: 'Create a website; the caller becomes its owner', ok: Website })
  @Post()
  create(@CurrentAgent() agent: AgentIdentity, @Body(input(CreateWebsiteInput)) dto: CreateWebsiteInput) {
    return this.websites.create(agent, dto);
  }

  @ApiRoute({ summary: 'Websites the caller is a member of', ok: WebsiteList })
  @Get()
  list(@CurrentAgent() agent: AgentIdentity) {
    return this.websites.list(agent);
  }

  @ApiRoute({ summary: 'One website with its settings', ok: Website })
  @Get(':id')
  get(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string) {
    return this.websites.get(agent, id);
  }

  @ApiRoute({ summary: 'Change settings (owner/admin)', ok: Website, errors: ['FORBIDDEN'] })
  @Patch(':id')
  update(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @Body(input(UpdateWebsiteInput)) dto: UpdateWebsiteInput,
  ) {
    return this.websites.update(agent, id, dto);
  }

  @ApiRoute({
    summary: 'New public key; the old one works until its grace ends',
    ok: RotatedKey,
    errors: ['FORBIDDEN'],
  })
  @Post(':id/key/rotate')
  @HttpCode(200)
  rotateKey(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string) {
    return this.websites.rotateKey(agent, id);
  }

  @ApiRoute({
    summary: 'New identity secret for verified identify (shown once)',
    ok: IdentitySecret,
    errors: ['FORBIDDEN'],
  })
  @Post(':id/identity-secret/rotate')
  @HttpCode(200)
  rotateIdentitySecret(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string) {
    return this.websites.rotateIdentitySecret(agent, id);
  }

  @ApiRoute({ summary: 'Audit log, newest first (owner/admin)', ok: AuditList, errors: ['FORBIDDEN'] })
  @Get(':id/audit')
  audit(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @Query(input(AuditQuery)) query: AuditQuery,
  ) {
    return this.websites.auditLog(agent, id, query);
  }

  @ApiRoute({ summary: 'Members and their roles', ok: MemberList })
  @Get(':id/members')
  members(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string) {
    return this.websites.members(agent, id);
  }

  @ApiRoute({
    summary: 'Change a member’s role (owner/admin; only an owner touches owners)',
    ok: Member,
    errors: ['FORBIDDEN', 'LAST_OWNER'],
  })
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
  @ApiRoute({ summary: 'Remove a member, or leave with `me`', errors: ['FORBIDDEN', 'LAST_OWNER'] })
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
