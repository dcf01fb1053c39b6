import { Module } from '@nestjs/common';
import { PresenceModule } from '../presence/presence.module';
import { WebsitesModule } from '../websites/websites.module';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { S3AttachmentStore } from './attachment-s3-store';
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
      useFactory: (config: AppConfig): AttachmentStore => {
        if (!config.s3) return new DiskAttachmentStore(config.attachmentsDir);
        // The AWS SDK is loaded only when S3 is configured: it costs a start about 100 ms.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { S3AttachmentStore: S3Store } = require('./attachment-s3-store') as {
          S3AttachmentStore: typeof S3AttachmentStore;
        };
        return new S3Store(config.s3);
      },
    },
    AttachmentsService,
    AttachmentUpload,
  ],
  exports: [ConversationsService, DeletionService, AttachmentsService, AttachmentUpload],
})
export class ConversationsModule {}
