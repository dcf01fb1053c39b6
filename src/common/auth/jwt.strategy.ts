import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AccessTokenClaims, AgentIdentity } from './agent-identity';
import { AccessTokens } from './access-tokens';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwtSecret,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  /** A refresh-shaped or foreign token with a valid signature still fails here: `typ` must be access. */
  validate(claims: AccessTokenClaims): AgentIdentity | false {
    return AccessTokens.identityOf(claims) ?? false;
  }
}
