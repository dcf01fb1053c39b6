import { Body, Controller, HttpCode, Ip, Post, UseGuards } from '@nestjs/common';
import { SkipThrottle, Throttle } from '@nestjs/throttler';
import { AgentIdentity } from '../common/auth/agent-identity';
import { CurrentAgent } from '../common/auth/current-agent.decorator';
import { Public } from '../common/public.decorator';
import { BY_EMAIL, RateLimitGuard } from '../common/rate-limit';
import { AuthService } from './auth.service';
import { input } from '../common/input';
import { ChangePasswordInput, LoginInput, RefreshInput, SignupInput } from './dto/auth.dto';

@Controller('auth')
@UseGuards(RateLimitGuard)
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('signup')
  signup(@Body(input(SignupInput)) dto: SignupInput) {
    return this.auth.signup(dto);
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
