import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { PresenceModule } from '../presence/presence.module';
import { WebsitesModule } from '../websites/websites.module';
import { VisitorsRepository } from './visitors.repository';
import { VisitorsService } from './visitors.service';
import { VisitorsController } from './visitors.controller';
import { WidgetController } from './widget.controller';

@Module({
  imports: [WebsitesModule, ConversationsModule, PresenceModule],
  controllers: [WidgetController, VisitorsController],
  providers: [VisitorsRepository, VisitorsService],
  exports: [VisitorsService],
})
export class VisitorsModule {}
