import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { UUID } from '../common/validation';
import { AgentIdentity } from '../common/auth/agent-identity';
import { CurrentAgent } from '../common/auth/current-agent.decorator';
import { CreateWebsiteDto, UpdateWebsiteDto } from './dto/website.dto';
import { WebsitesService } from './websites.service';

@Controller('websites')
export class WebsitesController {
  constructor(private readonly websites: WebsitesService) {}

  @Post()
  create(@CurrentAgent() agent: AgentIdentity, @Body() dto: CreateWebsiteDto) {
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
  update(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string, @Body() dto: UpdateWebsiteDto) {
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
