import { Body, Controller, Get, Patch } from '@nestjs/common';
import { AgentIdentity } from '../common/auth/agent-identity';
import { CurrentAgent } from '../common/auth/current-agent.decorator';
import { AgentsService } from './agents.service';
import { input } from '../common/input';
import { UpdateMeInput } from './dto/auth.dto';
import { ApiArea, ApiRoute } from '../api-docs/api-route.decorator';
import { AgentEnvelope, Me } from '../api-docs/response-shapes';

@ApiArea('Agent auth')
@Controller('me')
export class MeController {
  constructor(private readonly agents: AgentsService) {}

  @ApiRoute({ summary: 'The signed-in agent, their websites and presence choice', ok: Me })
  @Get()
  me(@CurrentAgent() agent: AgentIdentity) {
    return this.agents.me(agent);
  }

  @ApiRoute({ summary: 'Change name or email notification preference', ok: AgentEnvelope })
  @Patch()
  update(@CurrentAgent() agent: AgentIdentity, @Body(input(UpdateMeInput)) dto: UpdateMeInput) {
    return this.agents.update(agent, dto);
  }
}
