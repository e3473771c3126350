import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may commit a fund's money (docs/domain.md): a program is `proposed` until every region whose fund it
 * names has approved its share, and only an `active` program takes applications. The columns stay
 * nullable here; the next migration fills them for existing programs and makes the status required.
 */
export class ProgramFundingApproval1764700000000 implements MigrationInterface {
  name = 'ProgramFundingApproval1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE programs ADD COLUMN status text CHECK (status IN ('proposed', 'active'));
      ALTER TABLE program_funding
        ADD COLUMN approved_at timestamptz,
        ADD COLUMN approved_by uuid REFERENCES users(id),
        ADD CONSTRAINT program_funding_approved_by_check CHECK (approved_by IS NULL OR approved_at IS NOT NULL);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE program_funding DROP CONSTRAINT program_funding_approved_by_check, DROP COLUMN approved_by, DROP COLUMN approved_at;
      ALTER TABLE programs DROP COLUMN status;
    `);
  }
}
