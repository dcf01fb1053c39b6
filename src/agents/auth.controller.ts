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

@Controller('auth')
@UseGuards(RateLimitGuard)
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly accounts: AccountService,
  ) {}

  /** The account works at once; a link to confirm the address goes out by mail. */
  @Public()
  @Post('signup')
  async signup(@Body(input(SignupInput)) dto: SignupInput) {
    const session = await this.auth.signup(dto);
    await this.accounts.sendVerification(session.agent);
    return session;
  }

  @Public()
  @Post('verify-email')
  @HttpCode(200)
  @SkipThrottle({ [BY_EMAIL]: true })
  verifyEmail(@Body(input(VerifyEmailInput)) dto: VerifyEmailInput) {
    return this.accounts.verifyEmail(dto.token);
  }

  @Post('verify-email/resend')
  @HttpCode(202)
  @SkipThrottle({ [BY_EMAIL]: true })
  async resendVerification(@CurrentAgent() agent: AgentIdentity): Promise<void> {
    await this.accounts.resendVerification(agent.id);
  }

  /** 202 whether or not the address has an account. */
  @Public()
  @Post('password/forgot')
  @HttpCode(202)
  @SkipThrottle({ [BY_EMAIL]: true })
  async forgotPassword(@Body(input(ForgotPasswordInput)) dto: ForgotPasswordInput, @Ip() ip: string): Promise<void> {
    await this.accounts.forgotPassword(dto.email, ip);
  }

  @Public()
  @Post('password/reset')
  @HttpCode(200)
  @SkipThrottle({ [BY_EMAIL]: true })
  resetPassword(@Body(input(ResetPasswordInput)) dto: ResetPasswordInput) {
    return this.accounts.resetPassword(dto.token, dto.password);
  }

  /** Failed attempts are limited per email and address together (AuthService.login), not per email alone. */
  @Public()
  @Post('login')
  @HttpCode(200)
  @SkipThrottle({ [BY_EMAIL]: true })
  login(@Body(input(LoginInput)) dto: LoginInput, @Ip() ip: string) {
    return this.auth.login(dto, ip);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @SkipThrottle({ [BY_EMAIL]: true })
  @Throttle({ ip: { limit: 60, ttl: 60_000 } })
  refresh(@Body(input(RefreshInput)) dto: RefreshInput) {
    return this.auth.refresh(dto.refreshToken);
  }

  /** The refresh token is the credential here, so an expired access token does not block logging out. */
  @Public()
  @Post('logout')
  @HttpCode(204)
  @SkipThrottle({ [BY_EMAIL]: true })
  @Throttle({ ip: { limit: 60, ttl: 60_000 } })
  async logout(@Body(input(RefreshInput)) dto: RefreshInput): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }

  @Post('password')
  @HttpCode(200)
  @SkipThrottle({ [BY_EMAIL]: true })
  changePassword(@CurrentAgent() agent: AgentIdentity, @Body(input(ChangePasswordInput)) dto: ChangePasswordInput) {
    return this.auth.changePassword(agent, dto);
  }
}
