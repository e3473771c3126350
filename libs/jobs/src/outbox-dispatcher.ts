import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '@ivl/config';
import { type JobName, QUEUE_NAMES, queueOf } from './jobs.js';
import { bullConnection } from './queue.factory.js';

const BATCH = 100;

export const JOB_OPTIONS = { attempts: 5, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 1000, removeOnFail: 5000 };

/**
 * Delivers outbox rows to BullMQ: polls (and is kicked after a request writes one), locks a batch
 * with SKIP LOCKED so several dispatchers can run, adds each job under its deterministic id, and
 * marks the rows dispatched in the same transaction. While Redis is down the rows stay, with the
 * error, and go out on a later tick. Every JOB_RECOVERY_SECONDS it also delivers again the rows
 * dispatched that long ago whose job never finished and is missing from Redis (Redis restarted
 * without its data, or was flushed): the job id is the same, so this cannot run a job twice at once.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxDispatcher.name);
  private readonly queues = new Map<string, Queue>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = false;
  private lastRecovery = Date.now();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Producers fail fast while Redis is down instead of queueing commands in memory.
    const connection = { ...bullConnection(this.config), enableOfflineQueue: false };
    for (const name of QUEUE_NAMES) {
      const queue = new Queue(name, { connection, prefix: this.config.redis.queuePrefix, defaultJobOptions: JOB_OPTIONS });
      queue.on('error', () => undefined); // connection errors surface in dispatch()
      this.queues.set(name, queue);
    }
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => 0);
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
  }

  /** Dispatches soon (after the caller's transaction has committed). */
  kick(): void {
    this.schedule(0);
  }

  /** Delivers what is pending now; returns how many jobs went out. */
  async dispatch(): Promise<number> {
    let sent = 0;
    for (;;) {
      const count = await this.dataSource.transaction(async (manager) => {
        const rows: Array<{ id: string; job_name: JobName; job_id: string; data: Record<string, unknown> }> = await manager.query(
          `SELECT id, job_name, job_id, data FROM outbox WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [BATCH],
        );
        const delivered: string[] = [];
        for (const row of rows) {
          try {
            await this.queues.get(queueOf(row.job_name))!.add(row.job_name, row.data, { jobId: row.job_id });
            delivered.push(row.id);
          } catch (error) {
            await manager.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [row.id, String((error as Error).message).slice(0, 500)]);
            break;
          }
        }
        if (delivered.length > 0) await manager.query(`UPDATE outbox SET dispatched_at = now() WHERE id = ANY($1::bigint[])`, [delivered]);
        return delivered.length === rows.length ? rows.length : -1;
      });
      if (count < 0) return sent; // Redis refused: try again on the next tick
      sent += count;
      if (count < BATCH) return sent;
    }
  }

  /** Delivers again the dispatched jobs that never finished and that Redis no longer has; returns how many. */
  async redeliverLost(): Promise<number> {
    const rows: Array<{ job_name: JobName; job_id: string; data: Record<string, unknown> }> = await this.dataSource.query(
      `SELECT job_name, job_id, data FROM outbox
        WHERE dispatched_at < now() - make_interval(secs => $1) AND finished_at IS NULL
        ORDER BY dispatched_at LIMIT $2`,
      [this.config.worker.recoverySeconds, BATCH],
    );
    let sent = 0;
    for (const row of rows) {
      const queue = this.queues.get(queueOf(row.job_name))!;
      if (await queue.getJob(row.job_id)) continue;
      await queue.add(row.job_name, row.data, { jobId: row.job_id });
      this.logger.warn(`job ${row.job_name} ${row.job_id} was dispatched but Redis no longer has it: delivered again`);
      sent += 1;
    }
    return sent;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.running) return this.schedule(50);
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
