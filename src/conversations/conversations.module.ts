import { Module } from '@nestjs/common';
import { WebsitesModule } from '../websites/websites.module';
import { ConversationsController } from './conversations.controller';
import { ConversationsRepository } from './conversations.repository';
import { ConversationsService } from './conversations.service';
import { InboxRepository } from './inbox.repository';

@Module({
  imports: [WebsitesModule],
  controllers: [ConversationsController],
  providers: [ConversationsRepository, InboxRepository, ConversationsService],
  exports: [ConversationsService],
})
export class ConversationsModule {}
