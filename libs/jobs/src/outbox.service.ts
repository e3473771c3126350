import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JobName } from './jobs.js';

export interface OutboxJob {
  name: JobName;
  /** Deterministic: the BullMQ job id, so dispatching twice enqueues once. */
  id: string;
  data: Record<string, unknown>;
}

/**
 * Jobs are never sent to Redis from a request: they are written to the outbox in the request's
 * own transaction, and the dispatcher delivers them after commit (and again after a Redis outage).
 */
@Injectable()
export class OutboxService {
  async enqueue(manager: EntityManager, job: OutboxJob): Promise<void> {
    await manager.query(`INSERT INTO outbox (job_name, job_id, data) VALUES ($1, $2, $3) ON CONFLICT (job_id) DO NOTHING`, [
      job.name,
      job.id,
      JSON.stringify(job.data),
    ]);
  }
}
