import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { type Actor, Clock, DomainError } from '@ivl/core';
import { TransactionRunner } from '@ivl/database';
import { IdentityService } from '@ivl/identity';
import { JOBS, type OutboxJob, OutboxService } from '@ivl/jobs';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from './channels.js';
import { NotificationRepository } from './notification.repository.js';
import type { Notification, NotificationEvent, NotificationMessage } from './notification.types.js';
import { describe, render } from './render.js';

/** Events one drain takes per transaction (its users resolved in one read, its rows in one INSERT). */
export const DELIVERY_BATCH = 500;
/** Failures after which an event that cannot be delivered is given up (kept in the outbox with its error). */
const MAX_ATTEMPTS = 5;

/** What one drain transaction did: how many events it took, and the inbox rows it wrote now. */
interface Delivered {
  count: number;
  written: Array<{ user: { id: string; username: string }; message: NotificationMessage }>;
}

/**
 * Each user's inbox (站内消息), and the way events reach it: `notify` writes the event to the
 * outbox in the caller's transaction (a rolled-back change tells nobody; a request never waits on
 * delivery); the scheduled job `notifications.deliver-batch` (`deliverPending`) then takes the
 * pending events in batches: it finds the users they concern, writes one row per user and event (a
 * second run writes none) and marks the events done, in one transaction, and hands each new row to
 * the SMS and e-mail channels. `notifications.deliver` (`deliver`) does the same for one event.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);
  /** The job that delivers an event (a use case done as one database function writes its outbox row itself). */
  readonly deliveryJob = JOBS.deliverNotification.name;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: NotificationRepository,
    private readonly outbox: OutboxService,
    private readonly identity: IdentityService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(NOTIFICATION_CHANNELS) private readonly channels: NotificationChannel[],
  ) {}

  /**
   * Tells the users an event concerns, once: its job id is the event's key, so the same event
   * notified twice is delivered once. Runs in the caller's transaction. The dispatcher is not woken
   * (it finds the row at its next poll, within OUTBOX_POLL_MS): a redemption must not take
   * Postgres's NOTIFY lock, which makes notifying commits wait for each other.
   */
  async notify(manager: EntityManager, event: NotificationEvent): Promise<void> {
    const { phone, ...rendered } = render(event);
    const message: NotificationMessage = { ...rendered, kind: event.kind, at: this.clock.now().toISOString(), phone: phone ?? null };
    await this.outbox.enqueue(
      manager,
      { name: JOBS.deliverNotification.name, id: `notify.${message.key}`, data: { ...message } },
      { wake: false },
    );
  }

  /**
   * The message of a delivery job's data: a rendered message (notify), or the event itself with its
   * time, as redeem_hold writes it (bigint fields as strings); rendered here, by the same `render`.
   */
  messageOf(data: NotificationMessage | { event: Record<string, unknown>; at: string }): NotificationMessage {
    if (!('event' in data)) return data;
    const raw = data.event;
    const event =
      raw.kind === 'redemption.awaiting-confirmation'
        ? ({ ...raw, orderAmount: BigInt(raw.orderAmount as string), subsidy: BigInt(raw.subsidy as string) } as NotificationEvent)
        : (raw as unknown as NotificationEvent);
    const { phone, ...rendered } = render(event);
    return { ...rendered, kind: event.kind, at: data.at, phone: phone ?? null };
  }

  /**
   * The delivery job: the users the event concerns as they are now (an applicant approved since is
   * its party's user), each written once; then the channels, for the rows written by this run only.
   */
  async deliver(message: NotificationMessage): Promise<{ delivered: number }> {
    const written = (await this.tx.run((manager) => this.writeInboxes(manager, [message]))).map((w) => w.user);
    for (const user of written) await this.send(user, message);
    if (written.length > 0) this.logger.log(`${message.kind} ${message.key}: ${written.length} users of ${describe(message.to)} notified`);
    return { delivered: written.length };
  }

  /**
   * The batch job: the pending notification events of the outbox, oldest first, up to
   * DELIVERY_BATCH per transaction, until none is left. Each transaction locks its events (SKIP
   * LOCKED: two drains never take the same event), reads the users of all of them at once, writes
   * all their inbox rows in one INSERT (once per user and event) and marks the events done; a drain
   * lost before its commit leaves its events pending for the next. Then the channels, per user and
   * event written by this run.
   */
  async deliverPending(limit = DELIVERY_BATCH): Promise<{ events: number; delivered: number }> {
    let events = 0;
    let delivered = 0;
    let batch = limit;
    /** Outbox rows of events that failed alone in this run: left for the next run. */
    const failed: string[] = [];
    for (;;) {
      let alone: OutboxJob | undefined;
      let taken: Delivered;
      try {
        taken = await this.tx.run(async (manager) => {
          const jobs = await this.outbox.lockPending(manager, JOBS.deliverNotification.name, batch, failed);
          alone = jobs.length === 1 ? jobs[0] : undefined;
          return this.deliverJobs(manager, jobs);
        });
      } catch (error) {
        // One event that cannot be delivered must not hold back the others: the batch is taken
        // again one event per transaction until the failing one is found; it is counted (given up,
        // kept in the outbox with its error, at its MAX_ATTEMPTS-th failure) and skipped.
        const reason = error instanceof Error ? error.message : String(error);
        if (batch > 1) {
          this.logger.warn(`a batch of notifications failed (${reason}): one event at a time`);
          batch = 1;
          continue;
        }
        if (!alone?.row) throw error;
        const givenUp = await this.outbox.recordDrainFailure(alone, reason, MAX_ATTEMPTS);
        this.logger.error(`notification ${alone.id} failed${givenUp ? `, given up after ${MAX_ATTEMPTS} attempts` : ''}: ${reason}`);
        failed.push(alone.row);
        batch = limit;
        continue;
      }
      for (const { user, message } of taken.written) await this.send(user, message);
      events += taken.count;
      delivered += taken.written.length;
      if (taken.count < batch) break;
    }
    if (events > 0) this.logger.log(`${events} events delivered in batches: ${delivered} notifications written`);
    return { events, delivered };
  }

  /** In the caller's transaction: the jobs' inbox rows (writeInboxes), the jobs marked done. */
  private async deliverJobs(manager: EntityManager, jobs: OutboxJob[]): Promise<Delivered> {
    if (jobs.length === 0) return { count: 0, written: [] };
    const written = await this.writeInboxes(
      manager,
      jobs.map((job) => this.messageOf(job.data as Parameters<NotificationsService['messageOf']>[0])),
    );
    await this.outbox.markDone(manager, jobs);
    return { count: jobs.length, written };
  }

  /**
   * In the caller's transaction: the users each message concerns as they are now (an applicant
   * approved since is its party's user; a disabled user gets nothing), all read in one statement,
   * and one inbox row per user and message, all written in one; answers the rows written now (not
   * those a user had already).
   */
  private async writeInboxes(manager: EntityManager, messages: NotificationMessage[]): Promise<Delivered['written']> {
    const recipients = await this.identity.recipientsOf(
      manager,
      messages.map((m) => m.to),
    );
    const rows = messages.flatMap((message, i) => recipients[i].map((user) => ({ user, message })));
    const inserted = new Set(
      (
        await this.repo.insertMany(
          manager,
          rows.map((r) => ({ userId: r.user.id, message: r.message })),
        )
      ).map((w) => `${w.userId} ${w.key}`),
    );
    return rows.filter((r) => inserted.has(`${r.user.id} ${r.message.key}`));
  }

  /** A new inbox row on the channels (SMS, e-mail); a channel never throws. */
  private async send(user: { id: string; username: string }, message: NotificationMessage): Promise<void> {
    for (const channel of this.channels) {
      await channel.send({
        userId: user.id,
        username: user.username,
        kind: message.kind,
        title: message.title,
        body: message.body,
        phone: message.phone,
        email: null,
      });
    }
  }

  /** The actor's own notifications, newest first. */
  async list(actor: Actor, filter: { unread: boolean; limit: number; offset: number }): Promise<{ items: Notification[]; total: number }> {
    return this.repo.listOf(this.dataSource.manager, actor.userId, filter);
  }

  async unreadCount(actor: Actor): Promise<number> {
    return this.repo.countUnread(this.dataSource.manager, actor.userId);
  }

  /** Marks one of the actor's notifications read; another user's is 404, as an unknown one. */
  async markRead(manager: EntityManager, actor: Actor, id: string): Promise<Notification> {
    const notification = await this.repo.markRead(manager, actor.userId, id, this.clock.now());
    if (!notification) throw DomainError.notFound('notification');
    return notification;
  }

  /** Marks every unread notification of the actor read; answers how many were. */
  async markAllRead(manager: EntityManager, actor: Actor): Promise<number> {
    return this.repo.markAllRead(manager, actor.userId, this.clock.now());
  }
}
