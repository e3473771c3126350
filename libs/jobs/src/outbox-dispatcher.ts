import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '@ivl/config';
import { drainedJobs, jobOf, QUEUE_NAMES } from './jobs.js';
import { OutboxRepository, type OutboxRow } from './outbox.repository.js';
import { bullConnection } from './queue.factory.js';

const BATCH = 100;
/** Jobs whose rows a batch job drains (notifications): never sent to BullMQ one by one. */
const DRAINED = drainedJobs();
/** How long the listening connection waits before connecting again after it was lost. */
const RELISTEN_MS = 1000;

/**
 * Delivers outbox rows to BullMQ, in every process that imports JobsModule (the API and the
 * worker): it LISTENs on its own connection for the notification each enqueue sends at commit,
 * and polls as the fallback (while that connection is down, and for rows it missed). It locks a batch
 * with SKIP LOCKED so several dispatchers can run, adds each job under its deterministic id, and
 * marks the rows dispatched in the same transaction. While Redis is down the rows stay, with the
 * error, and go out on a later tick. Every JOB_RECOVERY_SECONDS it also delivers again the rows
 * dispatched that long ago whose job never finished and is missing from Redis (Redis restarted
 * without its data, or was flushed): the job id is the same, so this cannot run a job twice at once.
 * The rows of a job with `drainedBy` (notifications) it leaves to that batch job.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxDispatcher.name);
  private readonly queues = new Map<string, Queue>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = false;
  private lastRecovery = Date.now();
  private listener?: pg.Client;
  private relisten?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: OutboxRepository,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Producers fail fast while Redis is down instead of queueing commands in memory.
    const connection = { ...bullConnection(this.config), enableOfflineQueue: false };
    for (const name of QUEUE_NAMES) {
      const queue = new Queue(name, { connection, prefix: this.config.redis.queuePrefix });
      queue.on('error', () => undefined); // connection errors surface in dispatch()
      this.queues.set(name, queue);
    }
    this.listen();
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.relisten);
    await this.listener?.end().catch(() => undefined);
    await this.running?.catch(() => 0);
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
  }

  /** Dispatches now: an enqueue committed. */
  private kick(): void {
    this.schedule(0);
  }

  /** Opens the listening connection, and opens it again whenever it is lost. */
  private listen(): void {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.config.database.url, application_name: 'ivl-outbox' });
    let lost = false;
    const reconnect = (): void => {
      if (lost) return;
      lost = true;
      if (this.listener === client) this.listener = undefined;
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.relisten = setTimeout(() => {
        this.listen();
      }, RELISTEN_MS);
      this.relisten.unref();
    };
    client.on('notification', () => {
      this.kick();
    });
    client.on('error', (error) => {
      this.logger.warn(`outbox listener: ${error.message}`);
      reconnect();
    });
    client.on('end', reconnect);
    this.listener = client;
    client
      .connect()
      .then(() => this.repo.listen(client))
      .then(() => {
        this.kick();
      }) // rows committed while the listener was down
      .catch(reconnect);
  }

  /** Delivers what is pending now; returns how many jobs went out. */
  async dispatch(): Promise<number> {
    let sent = 0;
    for (;;) {
      const count = await this.dataSource.transaction(async (manager) => {
        const rows = await this.repo.lockPending(manager, BATCH, DRAINED);
        const delivered: string[] = [];
        for (const row of rows) {
          try {
            await this.add(row);
            delivered.push(row.id);
          } catch (error) {
            await this.repo.recordFailure(manager, row.id, error instanceof Error ? error.message : String(error));
            break;
          }
        }
        if (delivered.length > 0) await this.repo.markDispatched(manager, delivered);
        return delivered.length === rows.length ? rows.length : -1;
      });
      if (count < 0) return sent; // Redis refused: try again on the next tick
      sent += count;
      if (count < BATCH) return sent;
    }
  }

  /** Delivers again the dispatched jobs that never finished and that Redis no longer has; returns how many. */
  async redeliverLost(): Promise<number> {
    const rows = await this.repo.findUnfinished(this.dataSource.manager, this.config.worker.recoverySeconds, BATCH);
    let sent = 0;
    for (const row of rows) {
      if (await this.queue(jobOf(row.name).queue).getJob(row.jobId)) continue;
      await this.add(row);
      this.logger.warn(`job ${row.name} ${row.jobId} was dispatched but Redis no longer has it: delivered again`);
      sent += 1;
    }
    return sent;
  }

  /** Adds the row's job to its queue under its deterministic id, with the job's declared attempts and backoff. */
  private async add(row: OutboxRow): Promise<void> {
    const job = jobOf(row.name);
    await this.queue(job.queue).add(row.name, row.data, { ...job.options, jobId: row.jobId });
  }

  /** The open queue of that name (every queue of JOBS is opened at start). */
  private queue(name: string): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`queue ${name} is not open`);
    return queue;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.running) {
      this.schedule(50);
      return;
    }
    this.running = this.dispatch().then(async (sent) => {
      if (Date.now() - this.lastRecovery < this.config.worker.recoverySeconds * 1000) return sent;
      this.lastRecovery = Date.now();
      return sent + (await this.redeliverLost());
    });
    try {
      await this.running;
    } catch (error) {
      this.logger.warn(`outbox dispatch failed: ${(error as Error).message}`);
    } finally {
      this.running = undefined;
      this.schedule(this.config.worker.outboxPollMs);
    }
  }
}
