import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Text search (`q`) on the large lists (issue 16): `ILIKE '%…%'` on any part of a name, a USCC or
 * an invoice number. pg_trgm (created with the directory) indexes fragments of three or more
 * characters; shorter ones scan, as in the directory. Enterprises and claims grow with every
 * year's vouchers; providers' names are indexed already. A USCC (`char(18)`, which the operator
 * class does not take) is matched by a scan, as are the smaller lists (users, batches) and the
 * audit log, searched across several columns within their filters.
 */
export class ListSearch1765000000020 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE INDEX enterprises_name_trgm_idx ON enterprises USING gin (name gin_trgm_ops);
      CREATE INDEX claims_invoice_number_trgm_idx ON claims USING gin (invoice_number gin_trgm_ops);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX claims_invoice_number_trgm_idx;
      DROP INDEX enterprises_name_trgm_idx;
    `);
  }
}
