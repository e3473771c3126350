import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Closed days of the reconciliation (issue 16): beside closed months, the worker stores per funding
 * region and finished Asia/Shanghai day what an open month's report and the dashboard need, so they
 * read the days instead of the month's entries. Each day is stored for two scopes of funds: `region`
 * (the region's own funds: the reconciliation) and `tree` (its own and its counties' funds: the
 * dashboard). Per scope and day:
 * - reconciliation_days: the additive counts (vouchers issued — one issue transaction per voucher —
 *   and redemptions — one hold transaction each —, every transaction on one instant hence one day)
 *   and the set of enterprises served that day, since enterprises served are not additive over days;
 * - reconciliation_day_totals: amounts by ledger class and kind;
 * - reconciliation_day_providers: per owner of the day's confirm and pay entries that is a provider
 *   (or was paid): confirmed, confirmations, paid, paid entries — the provider-region matrix, the
 *   providers paid (distinct over days through the owner) and the dashboard's sectors, joined to
 *   providers when read, as the report from entries does.
 * Entries are append-only, so a closed day never changes; the three tables are append-only too.
 */
export class ClosedDays1765100000000 implements MigrationInterface {
  name = 'ClosedDays1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reconciliation_days (
        region_code     text NOT NULL REFERENCES regions(code),
        scope           text NOT NULL CHECK (scope IN ('region', 'tree')),
        day             date NOT NULL,
        vouchers_issued integer NOT NULL,
        redemptions     integer NOT NULL,
        enterprises     uuid[] NOT NULL,
        closed_at       timestamptz NOT NULL,
        PRIMARY KEY (region_code, scope, day)
      );
      CREATE TABLE reconciliation_day_totals (
        region_code text NOT NULL,
        scope       text NOT NULL,
        day         date NOT NULL,
        class       text NOT NULL,
        kind        text NOT NULL,
        amount      bigint NOT NULL,
        PRIMARY KEY (region_code, scope, day, class, kind),
        FOREIGN KEY (region_code, scope, day) REFERENCES reconciliation_days (region_code, scope, day)
      );
      CREATE TABLE reconciliation_day_providers (
        region_code   text NOT NULL,
        scope         text NOT NULL,
        day           date NOT NULL,
        owner         uuid NOT NULL,
        confirmed     bigint NOT NULL,
        confirmations integer NOT NULL,
        paid          bigint NOT NULL,
        paid_entries  integer NOT NULL,
        PRIMARY KEY (region_code, scope, day, owner),
        FOREIGN KEY (region_code, scope, day) REFERENCES reconciliation_days (region_code, scope, day)
      );
      CREATE TRIGGER reconciliation_days_append_only BEFORE UPDATE OR DELETE ON reconciliation_days
        FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
      CREATE TRIGGER reconciliation_day_totals_append_only BEFORE UPDATE OR DELETE ON reconciliation_day_totals
        FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
      CREATE TRIGGER reconciliation_day_providers_append_only BEFORE UPDATE OR DELETE ON reconciliation_day_providers
        FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reconciliation_day_providers, reconciliation_day_totals, reconciliation_days`);
  }
}
