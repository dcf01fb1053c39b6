import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { AgentIdentity } from '../common/auth/agent-identity';
import { CurrentAgent } from '../common/auth/current-agent.decorator';
import { input, UUID } from '../common/input';
import { CreateTagInput, SetTagsInput, UpdateTagInput } from './dto/tag.dto';
import { TagsService } from './tags.service';

@Controller()
export class TagsController {
  constructor(private readonly tags: TagsService) {}

  @Get('websites/:id/tags')
  list(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) websiteId: string) {
    return this.tags.list(agent, websiteId);
  }

  @Post('websites/:id/tags')
  create(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) websiteId: string,
    @Body(input(CreateTagInput)) dto: CreateTagInput,
  ) {
    return this.tags.create(agent, websiteId, dto);
  }

  @Patch('tags/:id')
  update(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @Body(input(UpdateTagInput)) dto: UpdateTagInput,
  ) {
    return this.tags.update(agent, id, dto);
  }

  @Delete('tags/:id')
  @HttpCode(204)
  async remove(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string): Promise<void> {
    await this.tags.remove(agent, id);
  }

  @Put('conversations/:id/tags')
  set(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @Body(input(SetTagsInput)) dto: SetTagsInput,
  ) {
    return this.tags.setOnConversation(agent, id, dto);
  }
}
