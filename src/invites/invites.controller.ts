import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { AuthService } from '../agents/auth.service';
import { AccessTokens } from '../common/auth/access-tokens';
import type { AgentActor } from '../common/auth/actor';
import { AgentIdentity } from '../common/auth/agent-identity';
import { CurrentAgent } from '../common/auth/current-agent.decorator';
import { DomainError } from '../common/domain-error';
import { input, UUID } from '../common/input';
import { Public } from '../common/public.decorator';
import { BY_EMAIL, RateLimitGuard } from '../common/rate-limit';
import { AcceptInviteInput, CreateInviteInput, InspectInviteInput } from './dto/invite.dto';
import { InvitesService } from './invites.service';
import { ApiArea, ApiRoute } from '../api-docs/api-route.decorator';
import { AcceptedInvite, InviteInspection, InviteList, SentInvite } from '../api-docs/response-shapes';

@ApiArea('Team')
@Controller()
export class InvitesController {
  constructor(
    private readonly invites: InvitesService,
    private readonly tokens: AccessTokens,
    private readonly auth: AuthService,
  ) {}

  @ApiRoute({
    summary: 'Invite someone by email (owner/admin; only an owner invites an owner)',
    ok: SentInvite,
    errors: ['FORBIDDEN', 'ALREADY_MEMBER', 'RATE_LIMITED'],
  })
  @Post('websites/:id/invites')
  create(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @Body(input(CreateInviteInput)) dto: CreateInviteInput,
  ) {
    return this.invites.invite(agent, id, dto);
  }

  @ApiRoute({ summary: 'Pending invites', ok: InviteList, errors: ['FORBIDDEN'] })
  @Get('websites/:id/invites')
  pending(@CurrentAgent() agent: AgentIdentity, @Param('id', UUID) id: string) {
    return this.invites.pending(agent, id);
  }

  @ApiRoute({ summary: 'Revoke an invite', errors: ['FORBIDDEN'] })
  @Delete('websites/:id/invites/:inviteId')
  @HttpCode(204)
  async revoke(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @Param('inviteId', UUID) inviteId: string,
  ): Promise<void> {
    await this.invites.revoke(agent, id, inviteId);
  }

  @ApiRoute({ summary: 'Mail an invite again with a new link', ok: SentInvite, errors: ['FORBIDDEN', 'RATE_LIMITED'] })
  @Post('websites/:id/invites/:inviteId/resend')
  @HttpCode(200)
  resend(
    @CurrentAgent() agent: AgentIdentity,
    @Param('id', UUID) id: string,
    @Param('inviteId', UUID) inviteId: string,
  ) {
    return this.invites.resend(agent, id, inviteId);
  }

  /** Public: the token is the credential. What the invite page shows. */
  @ApiRoute({ summary: 'What an invite token is for (the invite page)', ok: InviteInspection, errors: ['NOT_FOUND'] })
  @Public()
  @Post('invites/inspect')
  @HttpCode(200)
  @UseGuards(RateLimitGuard)
  @SkipThrottle({ [BY_EMAIL]: true })
  inspect(@Body(input(InspectInviteInput)) dto: InspectInviteInput) {
    return this.invites.inspect(dto.token);
  }

  /**
   * Public: the token is the credential, with the caller's access token when signed in.
   * 201 when an account was made, 200 when an existing one joined.
   */
  @ApiRoute({
    summary: 'Accept an invite: a new account (201, with a session) or the signed-in one (200)',
    ok: AcceptedInvite,
    alsoStatus: [201],
    optionalAgent: true,
    errors: ['NOT_FOUND', 'UNAUTHORIZED', 'LOGIN_REQUIRED', 'WRONG_ACCOUNT', 'ALREADY_MEMBER', 'VALIDATION_FAILED'],
  })
  @Public()
  @Post('invites/accept')
  @HttpCode(200)
  @UseGuards(RateLimitGuard)
  @SkipThrottle({ [BY_EMAIL]: true })
  async accept(
    @Body(input(AcceptInviteInput)) dto: AcceptInviteInput,
    @Res({ passthrough: true }) res: Response,
    @Headers('authorization') authorization?: string,
  ) {
    const result = await this.invites.accept(dto, await this.caller(authorization));
    if (result.created) res.status(201);
    return result;
  }

  /** The signed-in agent, if the request carries a live access token; a bad one is a 401, not ignored. */
  private async caller(authorization: string | undefined): Promise<AgentActor | null> {
    if (!authorization) return null;
    const token = /^Bearer (.+)$/.exec(authorization)?.[1];
    const agent = token ? this.tokens.verify(token) : null;
    if (!agent || !(await this.auth.isSessionLive(agent.familyId))) {
      throw new DomainError('UNAUTHORIZED', 'A valid access token is required', 401);
    }
    return { type: 'agent', id: agent.id };
  }
}
