import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When an outbox row's job finished (completed, or failed its last attempt), written by the worker.
 * A row dispatched but not finished is delivered again if Redis lost its job (the dispatcher's
 * recovery sweep; the deterministic job id makes a repeat a no-op while the job still exists).
 * Rows dispatched before this migration have no finish time: each is offered once more, which
 * their idempotent jobs answer from what they built, and is then marked finished.
 */
export class OutboxFinished1764700000003 implements MigrationInterface {
  name = 'OutboxFinished1764700000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE outbox ADD COLUMN finished_at timestamptz;
      CREATE INDEX outbox_unfinished_idx ON outbox (dispatched_at) WHERE dispatched_at IS NOT NULL AND finished_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outbox_unfinished_idx; ALTER TABLE outbox DROP COLUMN finished_at;`);
  }
}
