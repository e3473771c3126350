import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Job, type Queue, Worker } from 'bullmq';
import { AppConfig } from '@ivl/config';
import { bullConnection, createQueue, JOB_HANDLERS, type JobHandler, JOBS, OutboxService, QUEUE_NAMES } from '@ivl/jobs';

const KEEP = { removeOnComplete: 100, removeOnFail: 1000 };
const RETRIED = { ...KEEP, attempts: 5, backoff: { type: 'exponential', delay: 60_000 } };

/**
 * Starts one BullMQ worker per queue, dispatching each job to its handler by name, tells the outbox
 * when a job finished, and registers the scheduled jobs; every JOB_RECOVERY_SECONDS it checks they
 * are still in Redis and registers them again if Redis lost them. Refuses to start unless every job
 * name has exactly one handler.
 */
@Injectable()
export class JobWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobWorker.name);
  private readonly handlers = new Map<string, JobHandler>();
  private workers: Worker[] = [];
  private maintenance?: Queue;
  private settlement?: Queue;
  private recovery?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    @Inject(JOB_HANDLERS) handlers: JobHandler[],
  ) {
    for (const handler of handlers) {
      if (this.handlers.has(handler.job)) throw new Error(`job ${handler.job} has two handlers`);
      this.handlers.set(handler.job, handler);
    }
    const missing = Object.values(JOBS).filter((j) => !this.handlers.has(j.name));
    if (missing.length > 0) throw new Error(`jobs without a handler: ${missing.map((j) => j.name).join(', ')}`);
  }

  async onApplicationBootstrap(): Promise<void> {
    const connection = bullConnection(this.config);
    const prefix = this.config.redis.queuePrefix;
    this.workers = QUEUE_NAMES.map(
      (queue) =>
        new Worker(queue, (job) => this.dispatch(job), {
          connection,
          prefix,
          concurrency: this.config.worker.concurrency,
          lockDuration: this.config.worker.lockMs,
          stalledInterval: this.config.worker.lockMs,
        }),
    );
    for (const worker of this.workers) {
      worker.on('failed', (job, error) => this.logger.error({ job: job?.name, id: job?.id, err: error }, 'job failed'));
      worker.on('error', (error) => this.logger.warn(`queue ${worker.name}: ${error.message}`));
    }
    this.maintenance = createQueue(this.config, JOBS.expireVouchers.queue);
    this.settlement = createQueue(this.config, JOBS.monthEndSettlement.queue);
    for (const queue of [this.maintenance, this.settlement]) queue.on('error', (error) => this.logger.warn(`queue ${queue.name}: ${error.message}`));
    await this.registerSchedules();
    this.recovery = setInterval(() => void this.restoreSchedules(), this.config.worker.recoverySeconds * 1000);
    this.logger.log(`processing queues ${QUEUE_NAMES.join(', ')} with prefix ${prefix}`);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.recovery);
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([this.maintenance, this.settlement].map((q) => q?.close()));
  }

  /** Idempotent: a scheduler is upserted under its job name. */
  private async registerSchedules(): Promise<void> {
    await this.maintenance!.upsertJobScheduler(
      JOBS.expireVouchers.name,
      { every: this.config.worker.expiryIntervalSeconds * 1000 },
      { name: JOBS.expireVouchers.name, opts: KEEP },
    );
    await this.settlement!.upsertJobScheduler(
      JOBS.monthEndSettlement.name,
      { pattern: '0 0 1 1 * *', tz: 'Asia/Shanghai' },
      { name: JOBS.monthEndSettlement.name, opts: RETRIED },
    );
    // Daily, so a month missed while the worker was down is closed the next night.
    await this.maintenance!.upsertJobScheduler(
      JOBS.closeMonths.name,
      { pattern: '0 30 0 * * *', tz: 'Asia/Shanghai' },
      { name: JOBS.closeMonths.name, opts: RETRIED },
    );
  }

  /**
   * Registers the schedules again when Redis lost one (restarted without its data, or flushed).
   * Only then: upserting an `every` schedule that exists would move its next run further out.
   */
  private async restoreSchedules(): Promise<void> {
    try {
      const schedules = [
        [this.maintenance!, JOBS.expireVouchers.name],
        [this.settlement!, JOBS.monthEndSettlement.name],
        [this.maintenance!, JOBS.closeMonths.name],
      ] as const;
      const found = await Promise.all(schedules.map(([queue, name]) => queue.getJobScheduler(name)));
      const lost = schedules.filter((_, i) => !found[i]).map(([, name]) => name);
      if (lost.length === 0) return;
      await this.registerSchedules();
      this.logger.warn(`job schedules missing from Redis, registered again: ${lost.join(', ')}`);
    } catch (error) {
      this.logger.warn(`could not check the job schedules: ${(error as Error).message}`);
    }
  }

  private async dispatch(job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new Error(`no handler for job ${job.name}`);
    let result: unknown;
    try {
      result = await handler.handle(job);
    } catch (error) {
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1) && job.id) await this.outbox.markFinished(job.id);
      throw error;
    }
    if (job.id) await this.outbox.markFinished(job.id);
    return result;
  }
}
