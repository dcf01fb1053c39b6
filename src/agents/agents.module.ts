import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtAuthGuard } from '../common/auth/jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { PresenceModule } from '../presence/presence.module';
import { WebsitesModule } from '../websites/websites.module';
import { Mailer } from '../common/mailer';
import { AccountService } from './account.service';
import { AgentsRepository } from './agents.repository';
import { AgentsService } from './agents.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { MeController } from './me.controller';

@Module({
  imports: [WebsitesModule, PresenceModule],
  controllers: [AuthController, MeController],
  providers: [
    AgentsRepository,
    AgentsService,
    AuthService,
    AccountService,
    Mailer,
    JwtStrategy,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
  ],
  exports: [AgentsService, AuthService],
})
export class AgentsModule {}
