import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Job, type Queue, Worker } from 'bullmq';
import { AppConfig } from '@ivl/config';
import {
  bullConnection,
  createQueue,
  JOB_HANDLERS,
  type JobHandler,
  JOBS,
  OutboxService,
  QUEUE_NAMES,
  type QueueName,
  scheduledJobs,
} from '@ivl/jobs';

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
  /** The queues of the scheduled jobs, to register their schedules on. */
  private readonly scheduling = new Map<QueueName, Queue>();
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
      worker.on('failed', (job, error) => {
        this.logger.error({ job: job?.name, id: job?.id, err: error }, 'job failed');
      });
      worker.on('error', (error) => {
        this.logger.warn(`queue ${worker.name}: ${error.message}`);
      });
    }
    for (const { queue: name } of scheduledJobs()) {
      if (this.scheduling.has(name)) continue;
      const queue = createQueue(this.config, name);
      queue.on('error', (error) => {
        this.logger.warn(`queue ${queue.name}: ${error.message}`);
      });
      this.scheduling.set(name, queue);
    }
    await this.registerSchedules();
    this.recovery = setInterval(() => void this.restoreSchedules(), this.config.worker.recoverySeconds * 1000);
    this.logger.log(`processing queues ${QUEUE_NAMES.join(', ')} with prefix ${prefix}`);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.recovery);
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.scheduling.values()].map((q) => q.close()));
  }

  /** The queue a scheduled job is put on: every queue of scheduledJobs() was opened at the start. */
  private schedulingQueue(name: QueueName): Queue {
    const queue = this.scheduling.get(name);
    if (!queue) throw new Error(`no queue ${name} was opened for scheduling`);
    return queue;
  }

  /** Idempotent: each job's scheduler (libs/jobs/src/jobs.ts) is upserted under its name. */
  private async registerSchedules(): Promise<void> {
    for (const job of scheduledJobs()) {
      await this.schedulingQueue(job.queue).upsertJobScheduler(job.name, job.schedule(this.config), { name: job.name, opts: job.options });
    }
  }

  /**
   * Registers the schedules again when Redis lost one (restarted without its data, or flushed).
   * Only then: upserting an `every` schedule that exists would move its next run further out.
   */
  private async restoreSchedules(): Promise<void> {
    try {
      const jobs = scheduledJobs();
      const found = await Promise.all(jobs.map((job) => this.schedulingQueue(job.queue).getJobScheduler(job.name)));
      const lost = jobs.filter((_, i) => !found[i]).map((job) => job.name);
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
    // A scheduled run has no outbox row: no UPDATE for it (notifications.deliver-batch runs every second).
    const fromOutbox = job.id !== undefined && job.repeatJobKey === undefined;
    let result: unknown;
    try {
      result = await handler.handle(job);
    } catch (error) {
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1) && fromOutbox && job.id) await this.outbox.markFinished(job.id);
      throw error;
    }
    if (fromOutbox && job.id) await this.outbox.markFinished(job.id);
    return result;
  }
}
