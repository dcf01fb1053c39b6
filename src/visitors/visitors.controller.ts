import { Controller, Delete, Get, Header, HttpCode, Param } from '@nestjs/common';
import { AgentIdentity } from '../common/auth/agent-identity';
import { CurrentAgent } from '../common/auth/current-agent.decorator';
import { UUID } from '../common/input';
import { VisitorsService } from './visitors.service';

/** Agents' side of visitors' data: export and erasure (owner/admin). */
@Controller('websites/:id/visitors')
export class VisitorsController {
  constructor(private readonly visitors: VisitorsService) {}

  @Get(':visitorId/export')
  @Header('Cache-Control', 'no-store')
  export(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) websiteId: string,
    @Param('visitorId', UUID) visitorId: string,
  ) {
    return this.visitors.export(agent, websiteId, visitorId);
  }

  @Delete(':visitorId')
  @HttpCode(204)
  async erase(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) websiteId: string,
    @Param('visitorId', UUID) visitorId: string,
  ): Promise<void> {
    await this.visitors.erase(agent, websiteId, visitorId);
  }
}
