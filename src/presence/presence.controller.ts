import { Controller, Get, Param } from '@nestjs/common';
import { AgentIdentity } from '../common/auth/agent-identity';
import { CurrentAgent } from '../common/auth/current-agent.decorator';
import { UUID } from '../common/input';
import { PresenceService } from './presence.service';

@Controller('websites/:id/presence')
export class PresenceController {
  constructor(private readonly presence: PresenceService) {}

  @Get()
  list(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) websiteId: string) {
    return this.presence.ofWebsite(agent, websiteId);
  }
}
