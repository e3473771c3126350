import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A foreign key check takes a KEY SHARE lock on the referenced row. On the redemption hot path
 * that made every redemption of a county lock its program's row, its fund rows, its provider's row
 * and its enterprise's row: shared rows whose lockers pile up as multixacts. The redemption already
 * holds its voucher's row lock, and the voucher references its program and enterprise, so the
 * references below are checked by the service (and by the ledger verify), not by the database.
 */
export class HotPathForeignKeys1764500000000 implements MigrationInterface {
  name = 'HotPathForeignKeys1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE redemptions DROP CONSTRAINT redemptions_program_id_fkey,
                              DROP CONSTRAINT redemptions_provider_id_fkey,
                              DROP CONSTRAINT redemptions_enterprise_id_fkey;
      ALTER TABLE redemption_parts DROP CONSTRAINT redemption_parts_fund_id_fkey;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE redemptions ADD CONSTRAINT redemptions_program_id_fkey FOREIGN KEY (program_id) REFERENCES programs(id),
                              ADD CONSTRAINT redemptions_provider_id_fkey FOREIGN KEY (provider_id) REFERENCES providers(id),
                              ADD CONSTRAINT redemptions_enterprise_id_fkey FOREIGN KEY (enterprise_id) REFERENCES enterprises(id);
      ALTER TABLE redemption_parts ADD CONSTRAINT redemption_parts_fund_id_fkey FOREIGN KEY (fund_id) REFERENCES funds(id);
    `);
  }
}
