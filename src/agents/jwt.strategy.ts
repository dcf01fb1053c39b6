import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Authenticator } from 'passport';
import { AGENT_PASSPORT } from '../common/auth/jwt-auth.guard';
import { AccessTokens } from '../common/auth/access-tokens';
import { AccessTokenClaims, AgentIdentity } from '../common/auth/agent-identity';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AuthService } from './auth.service';

/**
 * Agent access tokens on REST: signature, type and expiry, and a live session: a token of a
 * session that ended (logout, password change or reset, refresh-token reuse) stops working within
 * a second on this instance and two on every other (AuthService.isSessionLive).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly auth: AuthService,
    @Inject(AGENT_PASSPORT) passport: Authenticator,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwtSecret,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
    passport.use('jwt', this);
  }

  /** A refresh-shaped or foreign token with a valid signature still fails here: `typ` must be access. */
  async validate(claims: AccessTokenClaims): Promise<AgentIdentity | false> {
    const identity = AccessTokens.identityOf(claims);
    if (!identity || !(await this.auth.isSessionLive(identity.familyId))) return false;
    return identity;
  }
}
