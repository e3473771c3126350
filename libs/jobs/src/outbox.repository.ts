import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { EntityManager } from 'typeorm';
import type { JobName } from './jobs.js';

/** The channel a committed outbox row is announced on; the dispatcher LISTENs to it. */
export const OUTBOX_CHANNEL = 'outbox';

/** An outbox row: the job to deliver under its deterministic id. */
export interface OutboxRow {
  id: string;
  name: JobName;
  jobId: string;
  data: Record<string, unknown>;
}

@Injectable()
export class OutboxRepository {
  /**
   * Writes a job once (by its id) and, when `wake`, announces it on OUTBOX_CHANNEL: Postgres delivers
   * the notification at commit, and not at all on a rollback.
   */
  async insert(manager: EntityManager, job: { name: JobName; id: string; data: Record<string, unknown> }, wake = true): Promise<void> {
    await manager.query(`INSERT INTO outbox (job_name, job_id, data) VALUES ($1, $2, $3) ON CONFLICT (job_id) DO NOTHING`, [
      job.name,
      job.id,
      JSON.stringify(job.data),
    ]);
    if (wake) await manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  }

  /**
   * Up to `limit` rows not yet dispatched, oldest first, locked; rows another dispatcher holds are
   * skipped, and so are the rows of the `drained` jobs (a batch job takes those).
   */
  async lockPending(manager: EntityManager, limit: number, drained: readonly JobName[] = []): Promise<OutboxRow[]> {
    const rows: Array<{ id: string; job_name: JobName; job_id: string; data: Record<string, unknown> }> = await manager.query(
      `SELECT id, job_name, job_id, data FROM outbox
        WHERE dispatched_at IS NULL AND job_name <> ALL($2::text[])
        ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit, drained],
    );
    return rows.map(toRow);
  }

  /** Up to `limit` pending rows of one job but the `except` ones, oldest first, locked; rows another transaction holds are skipped. */
  async lockPendingOf(manager: EntityManager, name: JobName, limit: number, except: readonly string[] = []): Promise<OutboxRow[]> {
    const rows: Array<{ id: string; job_name: JobName; job_id: string; data: Record<string, unknown> }> = await manager.query(
      `SELECT id, job_name, job_id, data FROM outbox
        WHERE dispatched_at IS NULL AND job_name = $1 AND id <> ALL($3::bigint[])
        ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [name, limit, except],
    );
    return rows.map(toRow);
  }

  /**
   * A drained row whose work failed: counts the attempt with its error; at `maxAttempts` it is
   * given up (marked dispatched and finished, the error kept in last_error), so it no longer holds
   * back the rows after it.
   */
  async recordDrainFailure(manager: EntityManager, id: string, error: string, maxAttempts: number): Promise<boolean> {
    const rows: Array<{ given_up: boolean }> = await manager.query(
      `WITH changed AS (
         UPDATE outbox SET attempts = attempts + 1, last_error = $2,
                dispatched_at = CASE WHEN attempts + 1 >= $3 THEN now() END,
                finished_at = CASE WHEN attempts + 1 >= $3 THEN now() END
          WHERE id = $1 AND dispatched_at IS NULL
          RETURNING finished_at IS NOT NULL AS given_up)
       SELECT given_up FROM changed`,
      [id, error.slice(0, 500), maxAttempts],
    );
    return rows[0]?.given_up ?? false;
  }

  /** Rows whose work was done in the caller's transaction: dispatched and finished at once, never delivered again. */
  async markDone(manager: EntityManager, ids: readonly string[]): Promise<void> {
    await manager.query(`UPDATE outbox SET dispatched_at = now(), finished_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }

  async recordFailure(manager: EntityManager, id: string, error: string): Promise<void> {
    await manager.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [id, error.slice(0, 500)]);
  }

  async markDispatched(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.query(`UPDATE outbox SET dispatched_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /** Up to `limit` rows dispatched at least `seconds` ago whose job never finished, oldest first. */
  async findUnfinished(manager: EntityManager, seconds: number, limit: number): Promise<OutboxRow[]> {
    const rows: Array<{ id: string; job_name: JobName; job_id: string; data: Record<string, unknown> }> = await manager.query(
      `SELECT id, job_name, job_id, data FROM outbox
        WHERE dispatched_at < now() - make_interval(secs => $1) AND finished_at IS NULL
        ORDER BY dispatched_at LIMIT $2`,
      [seconds, limit],
    );
    return rows.map(toRow);
  }

  async markFinished(manager: EntityManager, jobId: string): Promise<void> {
    await manager.query(`UPDATE outbox SET finished_at = now() WHERE job_id = $1 AND finished_at IS NULL`, [jobId]);
  }

  /** Subscribes a dedicated connection (not the pool's: a LISTEN lives as long as its session) to OUTBOX_CHANNEL. */
  async listen(client: pg.Client): Promise<void> {
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
  }
}

function toRow(row: { id: string; job_name: JobName; job_id: string; data: Record<string, unknown> }): OutboxRow {
  return { id: row.id, name: row.job_name, jobId: row.job_id, data: row.data };
}
