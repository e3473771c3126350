import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sealer's writes, lighter (issue 15): `chain_seals.sealed_at` needs no index of its own. The
 * anchors read the seals after the last anchored sequence (the primary key) and the verify reads
 * by sequence; the index only cost an insert per sealed row, two per redemption.
 */
export class ChainSealsOneIndexLess1765400000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX chain_seals_sealed_at_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX chain_seals_sealed_at_idx ON chain_seals (sealed_at)`);
  }
}
