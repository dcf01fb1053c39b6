import { Module } from '@nestjs/common';
import { PresenceModule } from '../presence/presence.module';
import { WebsitesModule } from '../websites/websites.module';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { S3AttachmentStore } from './attachment-s3-store';
import { AttachmentStore, DiskAttachmentStore } from './attachment-store';
import { AttachmentUpload } from './attachment-upload';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';
import { ConversationStateRepository } from './conversation-state.repository';
import { ConversationsController } from './conversations.controller';
import { ConversationsRepository } from './conversations.repository';
import { ConversationsService } from './conversations.service';
import { DeletionRepository } from './deletion.repository';
import { DeletionService } from './deletion.service';
import { InboxRepository } from './inbox.repository';
import { RatingsRepository } from './ratings.repository';
import { RoundRobin } from './round-robin';
import { SearchRepository } from './search.repository';
import { TagsController } from './tags.controller';
import { TagsRepository } from './tags.repository';
import { TagsService } from './tags.service';

@Module({
  imports: [WebsitesModule, PresenceModule],
  controllers: [ConversationsController, TagsController, AttachmentsController],
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
    RatingsRepository,
    {
      provide: AttachmentStore,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): AttachmentStore =>
        config.s3 ? new S3AttachmentStore(config.s3) : new DiskAttachmentStore(config.attachmentsDir),
    },
    AttachmentsService,
    AttachmentUpload,
  ],
  exports: [ConversationsService, DeletionService, AttachmentsService, AttachmentUpload],
})
export class ConversationsModule {}
