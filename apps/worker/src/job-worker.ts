import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Job, type Queue, Worker } from 'bullmq';
import { AppConfig } from '@ivl/config';
import { bullConnection, createQueue, JOB_HANDLERS, type JobHandler, JOBS, QUEUE_NAMES } from '@ivl/jobs';

/**
 * Starts one BullMQ worker per queue, dispatching each job to its handler by name, and registers
 * the repeatable jobs. Refuses to start unless every job name has exactly one handler.
 */
@Injectable()
export class JobWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobWorker.name);
  private readonly handlers = new Map<string, JobHandler>();
  private workers: Worker[] = [];
  private queues: Queue[] = [];

  constructor(
    private readonly config: AppConfig,
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
    const maintenance = createQueue(this.config, JOBS.expireVouchers.queue);
    const settlement = createQueue(this.config, JOBS.monthEndSettlement.queue);
    this.queues.push(maintenance, settlement);
    for (const queue of this.queues) queue.on('error', (error) => this.logger.warn(`queue ${queue.name}: ${error.message}`));
    const keep = { removeOnComplete: 100, removeOnFail: 1000 };
    await maintenance.upsertJobScheduler(
      JOBS.expireVouchers.name,
      { every: this.config.worker.expiryIntervalSeconds * 1000 },
      { name: JOBS.expireVouchers.name, opts: keep },
    );
    await settlement.upsertJobScheduler(
      JOBS.monthEndSettlement.name,
      { pattern: '0 0 1 1 * *', tz: 'Asia/Shanghai' },
      { name: JOBS.monthEndSettlement.name, opts: { ...keep, attempts: 5, backoff: { type: 'exponential', delay: 60_000 } } },
    );
    // Daily, so a month missed while the worker was down is closed the next night.
    await maintenance.upsertJobScheduler(
      JOBS.closeMonths.name,
      { pattern: '0 30 0 * * *', tz: 'Asia/Shanghai' },
      { name: JOBS.closeMonths.name, opts: { ...keep, attempts: 5, backoff: { type: 'exponential', delay: 60_000 } } },
    );
    this.logger.log(`processing queues ${QUEUE_NAMES.join(', ')} with prefix ${prefix}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all(this.queues.map((q) => q.close()));
  }

  private dispatch(job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new Error(`no handler for job ${job.name}`);
    return handler.handle(job);
  }
}
