import { Module } from '@nestjs/common';
import { PresenceModule } from '../presence/presence.module';
import { WebsitesModule } from '../websites/websites.module';
import { ConversationStateRepository } from './conversation-state.repository';
import { ConversationsController } from './conversations.controller';
import { ConversationsRepository } from './conversations.repository';
import { ConversationsService } from './conversations.service';
import { DeletionRepository } from './deletion.repository';
import { DeletionService } from './deletion.service';
import { InboxRepository } from './inbox.repository';
import { RoundRobin } from './round-robin';
import { SearchRepository } from './search.repository';
import { TagsController } from './tags.controller';
import { TagsRepository } from './tags.repository';
import { TagsService } from './tags.service';

@Module({
  imports: [WebsitesModule, PresenceModule],
  controllers: [ConversationsController, TagsController],
  providers: [
    ConversationsRepository,
    InboxRepository,
    ConversationStateRepository,
    ConversationsService,
    RoundRobin,
    TagsRepository,
    TagsService,
    SearchRepository,
    DeletionRepository,
    DeletionService,
  ],
  exports: [ConversationsService, DeletionService],
})
export class ConversationsModule {}
