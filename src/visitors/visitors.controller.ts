import { Controller, Delete, Get, Header, HttpCode, Param } from '@nestjs/common';
import { AgentIdentity } from '../common/auth/agent-identity';
import { CurrentAgent } from '../common/auth/current-agent.decorator';
import { UUID } from '../common/input';
import { VisitorsService } from './visitors.service';
import { ApiArea, ApiRoute } from '../api-docs/api-route.decorator';
import { VisitorExport } from '../api-docs/response-shapes';

/** Agents' side of visitors' data: export and erasure (owner/admin). */
@ApiArea('Visitors')
@Controller('websites/:id/visitors')
export class VisitorsController {
  constructor(private readonly visitors: VisitorsService) {}

  @ApiRoute({ summary: 'Everything stored about a visitor (owner/admin)', ok: VisitorExport, errors: ['FORBIDDEN'] })
  @Get(':visitorId/export')
  @Header('Cache-Control', 'no-store')
  export(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) websiteId: string,
    @Param('visitorId', UUID) visitorId: string,
  ) {
    return this.visitors.export(agent, websiteId, visitorId);
  }

  @ApiRoute({
    summary: 'Erase a visitor: name, email, message bodies; their token stops working (owner/admin)',
    errors: ['FORBIDDEN'],
  })
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
