import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Closed months of the reconciliation: once a month has ended, what the ledger says of it can no
 * longer change (every entry carries its posting time), so the worker stores each funding region's
 * movements of the month by class and kind, with the month's counts and provider-region matrix. A
 * report of a closed month then reads these rows instead of the month's entries, and the opening of
 * any later month is the sum of the closed months before it instead of the region's whole history.
 * The ledger verify recomputes the totals from the entries; both tables are append-only.
 */
export class ClosedMonths1764600000000 implements MigrationInterface {
  name = 'ClosedMonths1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reconciliation_months (
        region_code        text NOT NULL REFERENCES regions(code),
        period             text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        counts             jsonb NOT NULL,
        by_provider_region jsonb NOT NULL,
        closed_at          timestamptz NOT NULL,
        PRIMARY KEY (region_code, period)
      );
      CREATE TABLE reconciliation_month_totals (
        region_code text NOT NULL,
        period      text NOT NULL,
        class       text NOT NULL,
        kind        text NOT NULL,
        amount      bigint NOT NULL,
        PRIMARY KEY (region_code, period, class, kind),
        FOREIGN KEY (region_code, period) REFERENCES reconciliation_months (region_code, period)
      );
      CREATE TRIGGER reconciliation_months_append_only BEFORE UPDATE OR DELETE ON reconciliation_months
        FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
      CREATE TRIGGER reconciliation_month_totals_append_only BEFORE UPDATE OR DELETE ON reconciliation_month_totals
        FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reconciliation_month_totals, reconciliation_months`);
  }
}
