import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { Passport } from 'passport';
import { AccessTokens } from './access-tokens';
import { AGENT_PASSPORT } from './jwt-auth.guard';

/** Agent access tokens for every module: issuing and verifying. The guard and the session check are the agents module's. */
@Global()
@Module({
  imports: [JwtModule.register({})],
  providers: [AccessTokens, { provide: AGENT_PASSPORT, useFactory: () => new Passport() }],
  exports: [AccessTokens, AGENT_PASSPORT],
})
export class AuthModule {}
