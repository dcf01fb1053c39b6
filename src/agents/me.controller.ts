import { Body, Controller, Get, Patch } from '@nestjs/common';
import { AgentIdentity } from '../common/auth/agent-identity';
import { CurrentAgent } from '../common/auth/current-agent.decorator';
import { AgentsService } from './agents.service';
import { input } from '../common/input';
import { UpdateMeInput } from './dto/auth.dto';

@Controller('me')
export class MeController {
  constructor(private readonly agents: AgentsService) {}

  @Get()
  me(@CurrentAgent() agent: AgentIdentity) {
    return this.agents.me(agent);
  }

  @Patch()
  update(@CurrentAgent() agent: AgentIdentity, @Body(input(UpdateMeInput)) dto: UpdateMeInput) {
    return this.agents.update(agent, dto);
  }
}
