import { Module } from '@nestjs/common';
import { WebsitesModule } from '../websites/websites.module';
import { CannedResponsesController } from './canned-responses.controller';
import { CannedResponsesRepository } from './canned-responses.repository';
import { CannedResponsesService } from './canned-responses.service';

@Module({
  imports: [WebsitesModule],
  controllers: [CannedResponsesController],
  providers: [CannedResponsesRepository, CannedResponsesService],
})
export class CannedResponsesModule {}
