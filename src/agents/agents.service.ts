import { Injectable } from '@nestjs/common';
import type { AgentActor } from '../common/auth/actor';
import { PresenceService } from '../presence/presence.service';
import { WebsitesService } from '../websites/websites.service';
import { AgentsRepository, toAgent } from './agents.repository';
import { AgentError } from './agents.errors';
import { UpdateMeInput } from './dto/auth.dto';

@Injectable()
export class AgentsService {
  constructor(
    private readonly repo: AgentsRepository,
    private readonly websites: WebsitesService,
    private readonly presence: PresenceService,
  ) {}

  async me(identity: AgentActor) {
    const row = await this.repo.findById(identity.id);
    if (!row) throw new AgentError('UNAUTHORIZED');
    return {
      agent: toAgent(row),
      websites: await this.websites.summariesFor(identity.id),
      presence: await this.presence.choiceOf(identity.id),
    };
  }

  async update(identity: AgentActor, dto: UpdateMeInput) {
    const row = await this.repo.update(identity.id, { name: dto.name, notifyEmail: dto.notifications?.email });
    if (!row) throw new AgentError('UNAUTHORIZED');
    return { agent: toAgent(row) };
  }

  async nameOf(agentId: string): Promise<string | null> {
    return (await this.repo.findById(agentId))?.name ?? null;
  }
}
