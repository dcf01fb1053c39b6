import { Body, Controller, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { AgentIdentity } from '../common/auth/agent-identity';
import { input, UUID } from '../common/input';
import { CurrentAgent } from '../common/auth/current-agent.decorator';
import { Public } from '../common/public.decorator';
import { BY_EMAIL, RateLimitGuard } from '../common/rate-limit';
import { AcceptInviteInput, CreateInviteInput } from './dto/invite.dto';
import { InvitesService } from './invites.service';

@Controller()
export class InvitesController {
  constructor(private readonly invites: InvitesService) {}

  @Post('websites/:id/invites')
  create(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @Body(input(CreateInviteInput)) dto: CreateInviteInput,
  ) {
    return this.invites.invite(agent, id, dto);
  }

  /** Public: the token is the credential. 201 when an account was created, 200 when one joined. */
  @Public()
  @Post('invites/accept')
  @HttpCode(200)
  @UseGuards(RateLimitGuard)
  @SkipThrottle({ [BY_EMAIL]: true })
  async accept(@Body(input(AcceptInviteInput)) dto: AcceptInviteInput, @Res({ passthrough: true }) res: Response) {
    const result = await this.invites.accept(dto);
    if (result.created) res.status(201);
    return result;
  }
}
