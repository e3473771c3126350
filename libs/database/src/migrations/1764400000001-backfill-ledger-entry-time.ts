import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Backfill of the previous migration, kept apart from the schema change. The append-only guard is
 * lifted for this one statement (it only copies each transaction's own time and kind), then the
 * columns become required.
 */
export class BackfillLedgerEntryTime1764400000001 implements MigrationInterface {
  name = 'BackfillLedgerEntryTime1764400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only;
      UPDATE ledger_entries e SET at = t.at, kind = t.kind FROM ledger_transactions t WHERE t.id = e.tx_id AND e.at IS NULL;
      ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_append_only;
      ALTER TABLE ledger_entries ALTER COLUMN at SET NOT NULL, ALTER COLUMN kind SET NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ledger_entries ALTER COLUMN at DROP NOT NULL, ALTER COLUMN kind DROP NOT NULL`);
  }
}
