import { Module } from '@nestjs/common';
import { Mailer } from '../common/mailer';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { OutboxRepository } from './outbox.repository';
import { UnsubscribeController } from './unsubscribe.controller';

/** Email to agents and visitors who are away, through the durable outbox. */
@Module({
  controllers: [UnsubscribeController],
  providers: [OutboxRepository, NotificationsRepository, NotificationsService, Mailer],
  exports: [NotificationsService],
})
export class NotificationsModule {}
