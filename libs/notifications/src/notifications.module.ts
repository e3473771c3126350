import { Module } from '@nestjs/common';
import { IdentityModule } from '@ivl/identity';
import { JobsModule } from '@ivl/jobs';
import { EmailChannel, NOTIFICATION_CHANNELS, SmsChannel } from './channels.js';
import { NotificationRepository } from './notification.repository.js';
import { NotificationsService } from './notifications.service.js';

@Module({
  imports: [IdentityModule, JobsModule],
  providers: [
    NotificationsService,
    NotificationRepository,
    SmsChannel,
    EmailChannel,
    { provide: NOTIFICATION_CHANNELS, useFactory: (...channels: unknown[]) => channels, inject: [SmsChannel, EmailChannel] },
  ],
  exports: [NotificationsService],
})
export class NotificationsModule {}
