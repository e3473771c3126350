import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { type JobHandler, JOBS } from '@ivl/jobs';
import { type NotificationMessage, NotificationsService } from '@ivl/notifications';

/** Writes one event's inbox rows (once per user) and sends them on the channels. */
@Injectable()
export class DeliverNotificationProcessor implements JobHandler {
  readonly job = JOBS.deliverNotification.name;

  constructor(private readonly notifications: NotificationsService) {}

  async handle(job: Job<NotificationMessage | { event: Record<string, unknown>; at: string }>): Promise<{ delivered: number }> {
    return this.notifications.deliver(this.notifications.messageOf(job.data));
  }
}
