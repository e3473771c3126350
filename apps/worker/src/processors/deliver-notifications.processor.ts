import { Injectable } from '@nestjs/common';
import { type JobHandler, JOBS } from '@ivl/jobs';
import { NotificationsService } from '@ivl/notifications';

/** Every OUTBOX_POLL_MS: the pending notification events, in batches (their inbox rows once per user), then the channels. */
@Injectable()
export class DeliverNotificationsProcessor implements JobHandler {
  readonly job = JOBS.deliverNotifications.name;

  constructor(private readonly notifications: NotificationsService) {}

  async handle(): Promise<{ events: number; delivered: number }> {
    return this.notifications.deliverPending();
  }
}
