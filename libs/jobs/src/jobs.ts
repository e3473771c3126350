import type { JobsOptions, RepeatOptions } from 'bullmq';
import type { AppConfig } from '@ivl/config';

/** What a job is: its queue, how it is retried and kept, and (for a scheduled job) when it runs. */
interface JobSpec {
  readonly name: string;
  readonly queue: string;
  /** Attempts, backoff and retention of each run. */
  readonly options: JobsOptions;
  /** When the worker runs it on its own; absent for jobs that arrive through the outbox. */
  readonly schedule?: (config: AppConfig) => RepeatOptions;
  /**
   * The outbox rows of this job are not sent to BullMQ one by one: the scheduled job named here
   * drains them in batches (its own transaction locks them, does their work and marks them done).
   */
  readonly drainedBy?: string;
}

const KEEP = { removeOnComplete: 100, removeOnFail: 1000 } as const;
/** A scheduled job that fails is retried for about half an hour (1, 2, 4, 8, 16 minutes). */
const RETRIED = { ...KEEP, attempts: 5, backoff: { type: 'exponential', delay: 60_000 } } as const;

/**
 * Every BullMQ job: its name, the queue it runs on, its attempts and backoff, and its schedule.
 * The worker refuses to start unless each has exactly one handler, and registers every schedule.
 */
export const JOBS = {
  expireVouchers: {
    name: 'vouchers.expire',
    queue: 'maintenance',
    options: KEEP,
    schedule: (config: AppConfig) => ({ every: config.worker.expiryIntervalSeconds * 1000 }),
  },
  buildSettlement: {
    name: 'settlement.build',
    queue: 'settlement',
    options: { attempts: 5, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 1000, removeOnFail: 5000 },
  },
  /** On the 1st at 01:00 Asia/Shanghai. */
  monthEndSettlement: {
    name: 'settlement.month-end',
    queue: 'settlement',
    options: RETRIED,
    schedule: () => ({ pattern: '0 0 1 1 * *', tz: 'Asia/Shanghai' }),
  },
  /** Daily at 00:30 Asia/Shanghai, so a month missed while the worker was down is closed the next night. */
  closeMonths: {
    name: 'reconciliation.close-months',
    queue: 'maintenance',
    options: RETRIED,
    schedule: () => ({ pattern: '0 30 0 * * *', tz: 'Asia/Shanghai' }),
  },
  /**
   * Daily at 00:40 Asia/Shanghai (the day ended 40 minutes before): stores each region's finished days
   * for the open month's reconciliation and the dashboard; catches up on days missed, safe to run twice.
   */
  closeDays: {
    name: 'reconciliation.close-days',
    queue: 'maintenance',
    options: RETRIED,
    schedule: () => ({ pattern: '0 40 0 * * *', tz: 'Asia/Shanghai' }),
  },
  /**
   * Hourly at minute 5: activates the providers whose public notice (公示) has ended (business time
   * from the Clock), so a provider is active within the hour its notice ends, or at the first run
   * after the worker was down.
   */
  endProviderNotices: {
    name: 'providers.end-notice',
    queue: 'maintenance',
    options: RETRIED,
    schedule: () => ({ pattern: '0 5 * * * *', tz: 'Asia/Shanghai' }),
  },
  /** Hourly: documents uploaded more than a day ago and never attached, and their bytes when no other document holds them. */
  removeUnattachedDocuments: {
    name: 'documents.remove-unattached',
    queue: 'maintenance',
    options: RETRIED,
    schedule: () => ({ pattern: '0 15 * * * *', tz: 'Asia/Shanghai' }),
  },
  /**
   * One event's notifications: its users' inbox rows, once each, then SMS and e-mail. Its outbox
   * rows are drained in batches by notifications.deliver-batch (issue 17), not dispatched one job
   * per event; the job itself stays for a delivery run by hand and for rows dispatched before.
   */
  deliverNotification: {
    name: 'notifications.deliver',
    queue: 'notifications',
    options: { attempts: 5, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 1000, removeOnFail: 5000 },
    drainedBy: 'notifications.deliver-batch',
  },
  /**
   * Every OUTBOX_POLL_MS: the pending notification events of the outbox, many per transaction (their
   * users resolved in one statement, their inbox rows written in one), then SMS and e-mail per user
   * and event. A worker lost mid-batch rolls back: the events stay pending for the next run.
   */
  deliverNotifications: {
    name: 'notifications.deliver-batch',
    queue: 'notifications',
    options: KEEP,
    schedule: (config: AppConfig) => ({ every: config.worker.outboxPollMs }),
  },
  /**
   * Daily at 09:00 Asia/Shanghai: reminds the holders of active vouchers that expire within 30 days,
   * and again within 7 days (business time from the Clock); each reminder once per voucher, also
   * when the job runs twice or late.
   */
  remindExpiringVouchers: {
    name: 'vouchers.remind-expiring',
    queue: 'maintenance',
    options: RETRIED,
    schedule: () => ({ pattern: '0 0 9 * * *', tz: 'Asia/Shanghai' }),
  },
  /**
   * Every SEAL_INTERVAL_SECONDS: seals the committed ledger transactions and audit entries into the
   * hash chain, then anchors each finished Shanghai day (libs/chain). One sealer at a time (advisory
   * lock); a run that finds the lock taken does nothing, and the next run catches up.
   */
  sealLedger: {
    name: 'ledger.seal',
    queue: 'maintenance',
    options: KEEP,
    schedule: (config: AppConfig) => ({ every: config.worker.sealIntervalSeconds * 1000 }),
  },
  /** One risk scan of a region and period, requested on demand (POST /risk/scans, through the outbox). */
  riskScan: {
    name: 'risk.scan',
    queue: 'risk',
    options: { attempts: 3, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 1000, removeOnFail: 5000 },
  },
  /** Daily at 02:30 Asia/Shanghai: the risk scan of every issuing region for the month just ended and the running month. */
  nightlyRiskScan: {
    name: 'risk.nightly-scan',
    queue: 'risk',
    options: RETRIED,
    schedule: () => ({ pattern: '0 30 2 * * *', tz: 'Asia/Shanghai' }),
  },
} as const satisfies Record<string, JobSpec>;

export type JobName = (typeof JOBS)[keyof typeof JOBS]['name'];
export type QueueName = (typeof JOBS)[keyof typeof JOBS]['queue'];

export const QUEUE_NAMES: QueueName[] = [...new Set(Object.values(JOBS).map((j) => j.queue))];

/** The declaration of a job by its name. */
export function jobOf(name: JobName): JobSpec & { name: JobName; queue: QueueName } {
  const job = Object.values(JOBS).find((j) => j.name === name);
  if (!job) throw new Error(`unknown job ${name}`);
  return job;
}

export function queueOf(job: JobName): QueueName {
  return jobOf(job).queue;
}

/** The jobs whose outbox rows a batch job drains: the dispatcher leaves them in the outbox. */
export function drainedJobs(): JobName[] {
  return Object.values(JOBS).flatMap((j) => ('drainedBy' in j ? [j.name] : []));
}

/** The jobs the worker runs on a schedule. */
export function scheduledJobs(): Array<JobSpec & { name: JobName; queue: QueueName; schedule: NonNullable<JobSpec['schedule']> }> {
  return Object.values(JOBS).flatMap((j) => ('schedule' in j ? [{ ...j, schedule: j.schedule }] : []));
}
