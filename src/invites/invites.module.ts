import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { Mailer } from '../common/mailer';
import { WebsitesModule } from '../websites/websites.module';
import { InvitesController } from './invites.controller';
import { InvitesRepository } from './invites.repository';
import { InvitesService } from './invites.service';

@Module({
  imports: [AgentsModule, WebsitesModule],
  controllers: [InvitesController],
  providers: [InvitesRepository, InvitesService, Mailer],
})
export class InvitesModule {}
