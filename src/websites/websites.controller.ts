import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { AgentIdentity } from '../common/auth/agent-identity';
import { CurrentAgent } from '../common/auth/current-agent.decorator';
import { input, UUID } from '../common/input';
import { CreateWebsiteInput, UpdateWebsiteInput } from './dto/website.dto';
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

  @Get(':id/members')
  members(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string) {
    return this.websites.members(agent, id);
  }
}
