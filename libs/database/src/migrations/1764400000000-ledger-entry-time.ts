import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each entry carries its transaction's time and kind, so a region's reconciliation reads one table
 * through a covering index instead of joining every entry to its transaction.
 */
export class LedgerEntryTime1764400000000 implements MigrationInterface {
  name = 'LedgerEntryTime1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE ledger_entries ADD COLUMN at timestamptz, ADD COLUMN kind text;
      CREATE INDEX ledger_entries_fund_at_idx ON ledger_entries (fund_id, at) INCLUDE (class, kind, amount, owner, tx_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ledger_entries_fund_at_idx; ALTER TABLE ledger_entries DROP COLUMN at, DROP COLUMN kind;`);
  }
}
