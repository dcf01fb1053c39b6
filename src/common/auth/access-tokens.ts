import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AccessTokenClaims, AgentIdentity } from './agent-identity';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

/** Issues and verifies agent access JWTs: HS256 only, `typ: access`, 15 minutes. */
@Injectable()
export class AccessTokens {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  issue(agentId: string, familyId: string): string {
    return this.jwt.sign(
      { typ: 'access', fam: familyId },
      { subject: agentId, algorithm: 'HS256', expiresIn: ACCESS_TOKEN_TTL_SECONDS, secret: this.config.jwtSecret },
    );
  }

  /** The identity in a valid access token, or null (bad signature, other algorithm, expired, wrong type). */
  verify(token: string): AgentIdentity | null {
    try {
      const claims = this.jwt.verify<AccessTokenClaims>(token, {
        algorithms: ['HS256'],
        secret: this.config.jwtSecret,
      });
      return AccessTokens.identityOf(claims);
    } catch {
      return null;
    }
  }

  static identityOf(claims: Partial<AccessTokenClaims>): AgentIdentity | null {
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.fam !== 'string') return null;
    if (typeof claims.exp !== 'number') return null;
    return { type: 'agent', id: claims.sub, familyId: claims.fam, exp: claims.exp };
  }
}
