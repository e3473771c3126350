import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { largestRemainder, ratioFor, subsidyFor } from '@ivl/rules';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Since issue 17 the rule is decided in SQL (ivl_ratio, ivl_subsidy, ivl_split, migration
 * 1765000000040: redeem_hold for a walk-in redemption, RedemptionRepository.decideRule for an order's);
 * libs/rules keeps a TypeScript copy that previews it in the portal. These properties prove the two
 * agree on random inputs, on the real database.
 */
describe('redeem_hold rule (SQL) agrees with libs/rules (TypeScript)', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const fen = fc.bigInt({ min: 0n, max: 10n ** 13n });
  const region = fc.constantFrom('330702', '330703', '330781');

  it('subsidy: the same ratio and amount for any order, balance, program and provider region', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1n, max: 10n ** 13n }),
        fen,
        fc.integer({ min: 0, max: 10_000 }),
        fc.option(fc.integer({ min: 0, max: 10_000 })),
        fc.option(fen),
        region,
        region,
        async (order, balance, ratioBp, outBp, full, issuer, providerRegion) => {
          const ratio = ratioFor({ ratioBp, outOfRegionRatioBp: outBp, issuerRegionCode: issuer }, providerRegion);
          const expected = subsidyFor(order, balance, { ratioBp: ratio, fullCoverageUpTo: full });
          const [row]: Array<{ ratio: number; subsidy: string }> = await db.query(
            `SELECT ivl_ratio($1, $2, $3, $4) AS ratio, ivl_subsidy($5, $6, ivl_ratio($1, $2, $3, $4), $7)::text AS subsidy`,
            [ratioBp, outBp, issuer, providerRegion, order.toString(), balance.toString(), full === null ? null : full.toString()],
          );
          expect(row.ratio).toBe(ratio);
          expect(BigInt(row.subsidy)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('split: the same largest-remainder draw-down (ties to the earlier part) for any total and part balances', async () => {
    const weights = fc.array(fc.bigInt({ min: 0n, max: 10n ** 13n }), { minLength: 1, maxLength: 6 }).filter((w) => w.some((x) => x > 0n));
    const tied = fc.array(fc.constantFrom(0n, 1n, 3n, 5000n), { minLength: 1, maxLength: 6 }).filter((w) => w.some((x) => x > 0n));
    await fc.assert(
      fc.asyncProperty(fc.oneof(weights, tied), fc.double({ min: 0, max: 1, noNaN: true }), async (w, fraction) => {
        const sum = w.reduce((a, b) => a + b, 0n);
        const total = (sum * BigInt(Math.floor(fraction * 1_000_000))) / 1_000_000n;
        const [row]: Array<{ parts: string[] }> = await db.query(`SELECT ivl_split($1::bigint, $2::bigint[])::text[] AS parts`, [
          total.toString(),
          w.map(String),
        ]);
        expect(row.parts.map((p) => BigInt(p))).toEqual(largestRemainder(total, w));
      }),
      { numRuns: 300 },
    );
  });
});
