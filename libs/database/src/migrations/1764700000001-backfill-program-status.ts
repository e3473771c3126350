import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Backfill of the previous migration, kept apart from the schema change: programs created before
 * shares needed approval were accepted as they stood, so they are active and every share counts as
 * approved when the program was created (by nobody recorded: approved_by stays NULL). Then the status
 * becomes required.
 */
export class BackfillProgramStatus1764700000001 implements MigrationInterface {
  name = 'BackfillProgramStatus1764700000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE programs SET status = 'active' WHERE status IS NULL;
      UPDATE program_funding f SET approved_at = p.created_at FROM programs p WHERE p.id = f.program_id AND f.approved_at IS NULL;
      ALTER TABLE programs ALTER COLUMN status SET NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE programs ALTER COLUMN status DROP NOT NULL`);
  }
}
