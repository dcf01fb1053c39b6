import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { AgentIdentity } from '../common/auth/agent-identity';
import { CurrentAgent } from '../common/auth/current-agent.decorator';
import { input, UUID } from '../common/input';
import { CreateTagInput, SetTagsInput, UpdateTagInput } from './dto/tag.dto';
import { TagsService } from './tags.service';
import { ApiArea, ApiRoute } from '../api-docs/api-route.decorator';
import { ConversationEnvelope, Tag, TagList } from '../api-docs/response-shapes';

@ApiArea('Tags')
@Controller()
export class TagsController {
  constructor(private readonly tags: TagsService) {}

  @ApiRoute({ summary: 'The website’s tag catalogue', ok: TagList })
  @Get('websites/:id/tags')
  list(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) websiteId: string) {
    return this.tags.list(agent, websiteId);
  }

  @ApiRoute({ summary: 'Add a tag to the catalogue', ok: Tag, errors: ['TAG_TAKEN', 'TOO_MANY'] })
  @Post('websites/:id/tags')
  create(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) websiteId: string,
    @Body(input(CreateTagInput)) dto: CreateTagInput,
  ) {
    return this.tags.create(agent, websiteId, dto);
  }

  @ApiRoute({ summary: 'Rename or recolour a tag (owner/admin)', ok: Tag, errors: ['TAG_TAKEN', 'FORBIDDEN'] })
  @Patch('tags/:id')
  update(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @Body(input(UpdateTagInput)) dto: UpdateTagInput,
  ) {
    return this.tags.update(agent, id, dto);
  }

  @ApiRoute({ summary: 'Delete a tag (owner/admin); removed from every conversation', errors: ['FORBIDDEN'] })
  @Delete('tags/:id')
  @HttpCode(204)
  async remove(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string): Promise<void> {
    await this.tags.remove(agent, id);
  }

  @ApiRoute({ summary: 'Set the tags of a conversation', ok: ConversationEnvelope, errors: ['UNKNOWN_TAG'] })
  @Put('conversations/:id/tags')
  set(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @Body(input(SetTagsInput)) dto: SetTagsInput,
  ) {
    return this.tags.setOnConversation(agent, id, dto);
  }
}
