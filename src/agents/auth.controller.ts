import { Body, Controller, HttpCode, Ip, Post, UseGuards } from '@nestjs/common';
import { SkipThrottle, Throttle } from '@nestjs/throttler';
import { AgentIdentity } from '../common/auth/agent-identity';
import { CurrentAgent } from '../common/auth/current-agent.decorator';
import { Public } from '../common/public.decorator';
import { BY_EMAIL, RateLimitGuard } from '../common/rate-limit';
import { AuthService } from './auth.service';
import { input } from '../common/input';
import { AccountService } from './account.service';
import {
  ChangePasswordInput,
  ForgotPasswordInput,
  LoginInput,
  RefreshInput,
  ResetPasswordInput,
  SignupInput,
  VerifyEmailInput,
} from './dto/auth.dto';
import { ApiArea, ApiRoute } from '../api-docs/api-route.decorator';
import { AgentEnvelope, Session, TokenPair } from '../api-docs/response-shapes';

@ApiArea('Agent auth')
@Controller('auth')
@UseGuards(RateLimitGuard)
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly accounts: AccountService,
  ) {}

  /** The account works at once; a link to confirm the address goes out by mail. */
  @ApiRoute({ summary: 'Create an account; a verification link is mailed', ok: Session, errors: ['EMAIL_TAKEN'] })
  @Public()
  @Post('signup')
  async signup(@Body(input(SignupInput)) dto: SignupInput) {
    const session = await this.auth.signup(dto);
    await this.accounts.sendVerification(session.agent);
    return session;
  }

  @ApiRoute({ summary: 'Prove the email with the mailed token', ok: AgentEnvelope, errors: ['INVALID_TOKEN'] })
  @Public()
  @Post('verify-email')
  @HttpCode(200)
  @SkipThrottle({ [BY_EMAIL]: true })
  verifyEmail(@Body(input(VerifyEmailInput)) dto: VerifyEmailInput) {
    return this.accounts.verifyEmail(dto.token);
  }

  @ApiRoute({ summary: 'Mail the verification link again' })
  @Post('verify-email/resend')
  @HttpCode(202)
  @SkipThrottle({ [BY_EMAIL]: true })
  async resendVerification(@CurrentAgent() agent: AgentIdentity): Promise<void> {
    await this.accounts.resendVerification(agent.id);
  }

  /** 202 whether or not the address has an account. */
  @ApiRoute({ summary: 'Mail a password reset link (202 whether or not the address has an account)' })
  @Public()
  @Post('password/forgot')
  @HttpCode(202)
  @SkipThrottle({ [BY_EMAIL]: true })
  async forgotPassword(@Body(input(ForgotPasswordInput)) dto: ForgotPasswordInput, @Ip() ip: string): Promise<void> {
    await this.accounts.forgotPassword(dto.email, ip);
  }

  @ApiRoute({
    summary: 'Set a new password with the mailed token; ends every session',
    ok: AgentEnvelope,
    errors: ['INVALID_TOKEN'],
  })
  @Public()
  @Post('password/reset')
  @HttpCode(200)
  @SkipThrottle({ [BY_EMAIL]: true })
  resetPassword(@Body(input(ResetPasswordInput)) dto: ResetPasswordInput) {
    return this.accounts.resetPassword(dto.token, dto.password);
  }

  /** Failed attempts are limited per email and address together (AuthService.login), not per email alone. */
  @ApiRoute({ summary: 'Log in', ok: Session, errors: ['INVALID_CREDENTIALS'] })
  @Public()
  @Post('login')
  @HttpCode(200)
  @SkipThrottle({ [BY_EMAIL]: true })
  login(@Body(input(LoginInput)) dto: LoginInput, @Ip() ip: string) {
    return this.auth.login(dto, ip);
  }

  @ApiRoute({
    summary: 'Rotate the refresh token; a used one revokes its whole family',
    ok: TokenPair,
    errors: ['INVALID_REFRESH_TOKEN'],
  })
  @Public()
  @Post('refresh')
  @HttpCode(200)
  @SkipThrottle({ [BY_EMAIL]: true })
  @Throttle({ ip: { limit: 60, ttl: 60_000 } })
  refresh(@Body(input(RefreshInput)) dto: RefreshInput) {
    return this.auth.refresh(dto.refreshToken);
  }

  /** The refresh token is the credential here, so an expired access token does not block logging out. */
  @ApiRoute({ summary: 'End the session of this refresh token (204 for an unknown or used one too)' })
  @Public()
  @Post('logout')
  @HttpCode(204)
  @SkipThrottle({ [BY_EMAIL]: true })
  @Throttle({ ip: { limit: 60, ttl: 60_000 } })
  async logout(@Body(input(RefreshInput)) dto: RefreshInput): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }

  @ApiRoute({ summary: 'Change the password; other sessions end', ok: Session, errors: ['INVALID_CREDENTIALS'] })
  @Post('password')
  @HttpCode(200)
  @SkipThrottle({ [BY_EMAIL]: true })
  changePassword(@CurrentAgent() agent: AgentIdentity, @Body(input(ChangePasswordInput)) dto: ChangePasswordInput) {
    return this.auth.changePassword(agent, dto);
  }
}
