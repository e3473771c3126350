import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { JobName } from './jobs.js';
import { OutboxRepository } from './outbox.repository.js';

export interface OutboxJob {
  name: JobName;
  /** Deterministic: the BullMQ job id, so dispatching twice enqueues once. */
  id: string;
  data: Record<string, unknown>;
  /** The outbox row (set on jobs read back from the outbox). */
  row?: string;
}

/**
 * Jobs are never sent to Redis from a request: they are written to the outbox in the request's
 * own transaction, and the dispatcher delivers them after commit (woken by the row's notification,
 * and again after a Redis outage, or after Redis lost a job that never finished).
 */
@Injectable()
export class OutboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: OutboxRepository,
  ) {}

  /**
   * Writes the job in the caller's transaction; the dispatchers hear of it when that commits. With
   * `{ wake: false }` they find it at their next poll instead (within OUTBOX_POLL_MS): for jobs that
   * may wait a second, written on busy paths, because a transaction that notifies takes Postgres's
   * NOTIFY lock through its commit, and such commits queue behind each other.
   */
  async enqueue(manager: EntityManager, job: OutboxJob, options: { wake?: boolean } = {}): Promise<void> {
    await this.repo.insert(manager, job, options.wake ?? true);
  }

  /**
   * Up to `limit` pending rows of a drained job (jobs.ts `drainedBy`), oldest first, locked in the
   * caller's transaction (rows another drainer holds are skipped); mark them with `markDone` in the
   * same transaction once their work is written, so a drainer lost midway leaves them pending.
   */
  async lockPending(manager: EntityManager, name: JobName, limit: number, except: readonly string[] = []): Promise<OutboxJob[]> {
    const rows = await this.repo.lockPendingOf(manager, name, limit, except);
    return rows.map((r) => ({ name: r.name, id: r.jobId, data: r.data, row: r.id }));
  }

  /**
   * A drained job whose work failed (its own transaction rolled back): the attempt is counted;
   * after `maxAttempts` it is given up, kept with its error. Answers whether it was given up.
   */
  async recordDrainFailure(job: OutboxJob, error: string, maxAttempts: number): Promise<boolean> {
    if (job.row === undefined) return false;
    return this.repo.recordDrainFailure(this.dataSource.manager, job.row, error, maxAttempts);
  }

  /** The rows' work was done in the caller's transaction: they are neither dispatched nor drained again. */
  async markDone(manager: EntityManager, jobs: ReadonlyArray<{ row?: string }>): Promise<void> {
    const ids = jobs.flatMap((j) => (j.row === undefined ? [] : [j.row]));
    if (ids.length > 0) await this.repo.markDone(manager, ids);
  }

  /**
   * The worker's word that a job finished (completed, or failed its last attempt), so it is not
   * delivered again. Jobs that did not come from the outbox (the scheduled ones) match no row.
   */
  async markFinished(jobId: string): Promise<void> {
    await this.repo.markFinished(this.dataSource.manager, jobId);
  }
}
