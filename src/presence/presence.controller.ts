import { Controller, Get, Param } from '@nestjs/common';
import { AgentIdentity } from '../common/auth/agent-identity';
import { CurrentAgent } from '../common/auth/current-agent.decorator';
import { UUID } from '../common/input';
import { PresenceService } from './presence.service';
import { ApiArea, ApiRoute } from '../api-docs/api-route.decorator';
import { PresenceList } from '../api-docs/response-shapes';

@ApiArea('Team')
@Controller('websites/:id/presence')
export class PresenceController {
  constructor(private readonly presence: PresenceService) {}

  @ApiRoute({ summary: 'Presence of every member', ok: PresenceList })
  @Get()
  list(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) websiteId: string) {
    return this.presence.ofWebsite(agent, websiteId);
  }
}
