import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { JobName } from './jobs.js';

export interface OutboxJob {
  name: JobName;
  /** Deterministic: the BullMQ job id, so dispatching twice enqueues once. */
  id: string;
  data: Record<string, unknown>;
}

/**
 * Jobs are never sent to Redis from a request: they are written to the outbox in the request's
 * own transaction, and the dispatcher delivers them after commit (and again after a Redis outage,
 * or after Redis lost a job that never finished).
 */
@Injectable()
export class OutboxService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async enqueue(manager: EntityManager, job: OutboxJob): Promise<void> {
    await manager.query(`INSERT INTO outbox (job_name, job_id, data) VALUES ($1, $2, $3) ON CONFLICT (job_id) DO NOTHING`, [
      job.name,
      job.id,
      JSON.stringify(job.data),
    ]);
  }

  /**
   * The worker's word that a job finished (completed, or failed its last attempt), so it is not
   * delivered again. Jobs that did not come from the outbox (the scheduled ones) match no row.
   */
  async markFinished(jobId: string): Promise<void> {
    await this.dataSource.query(`UPDATE outbox SET finished_at = now() WHERE job_id = $1 AND finished_at IS NULL`, [jobId]);
  }
}
