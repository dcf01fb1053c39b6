import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AccessTokens } from './access-tokens';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';

/** Agent authentication for every route and socket: the JWT strategy, the global guard, token issuing. */
@Global()
@Module({
  imports: [PassportModule, JwtModule.register({})],
  providers: [JwtStrategy, AccessTokens, { provide: APP_GUARD, useClass: JwtAuthGuard }],
  exports: [AccessTokens],
})
export class AuthModule {}
