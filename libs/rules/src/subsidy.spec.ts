import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { previewSubsidy, ratioFor, ruleAmount, subsidyFor, type ProgramRule } from './subsidy.js';

const fen = fc.bigInt({ min: 1n, max: 10n ** 13n });
const ratio = fc.integer({ min: 0, max: 10_000 });
const threshold = fc.option(fen, { nil: null });

describe('subsidy rule', () => {
  it('covers the first N fen fully and the ratio above, rounding down', () => {
    const rule = { ratioBp: 5000, fullCoverageUpTo: 1_000_000n }; // 首 1 万元全额, 超出部分 50%
    expect(ruleAmount(800_000n, rule)).toBe(800_000n);
    expect(ruleAmount(1_000_000n, rule)).toBe(1_000_000n);
    expect(ruleAmount(1_000_003n, rule)).toBe(1_000_001n);
    expect(ruleAmount(999n, { ratioBp: 3333, fullCoverageUpTo: null })).toBe(332n);
  });

  it('is never more than the bill, never less than the ratio part, and grows with the bill', () => {
    fc.assert(
      fc.property(fen, fen, ratio, threshold, (x, y, r, f) => {
        const rule = { ratioBp: r, fullCoverageUpTo: f };
        const a = ruleAmount(x, rule);
        expect(a >= 0n && a <= x).toBe(true);
        expect(a >= (x * BigInt(r)) / 10_000n).toBe(true);
        if (x <= y) expect(a <= ruleAmount(y, rule)).toBe(true);
        if (f !== null && x <= f) expect(a).toBe(x);
      }),
    );
  });

  it('never exceeds the balance', () => {
    fc.assert(
      fc.property(fen, fen, ratio, threshold, (x, balance, r, f) => {
        const s = subsidyFor(x, balance, { ratioBp: r, fullCoverageUpTo: f });
        expect(s <= balance && s <= x).toBe(true);
        expect(s).toBe(
          ruleAmount(x, { ratioBp: r, fullCoverageUpTo: f }) < balance ? ruleAmount(x, { ratioBp: r, fullCoverageUpTo: f }) : balance,
        );
      }),
    );
  });

  it('uses the out-of-region ratio only for providers outside the issuing region, when the program sets one', () => {
    const program = { ratioBp: 5000, outOfRegionRatioBp: 3000, issuerRegionCode: '330702' };
    expect(ratioFor(program, '330702')).toBe(5000);
    expect(ratioFor(program, '330100')).toBe(3000);
    expect(ratioFor({ ...program, outOfRegionRatioBp: null }, '330100')).toBe(5000);
  });
});

const rule: ProgramRule = {
  ratioBp: 5000,
  fullCoverageUpTo: 1_000_000,
  outOfRegionRatioBp: 3000,
  issuerRegionCode: '330702',
  perVoucherMax: 10_000_000,
};

describe('previewSubsidy', () => {
  it('covers the first part in full and the ratio above it, rounding down', () => {
    const p = previewSubsidy(3_000_001n, rule, '330702', 50_000_000);
    expect(p.subsidy).toBe(1_000_000n + 1_000_000n);
    expect(p.enterprisePays).toBe(1_000_001n);
    expect(p.limitedBy).toBe('rule');
  });

  it('uses the out-of-region ratio for a provider elsewhere', () => {
    const p = previewSubsidy(2_000_000n, rule, '330100', 50_000_000);
    expect(p.subsidy).toBe(1_000_000n + 300_000n);
    expect(p.outOfRegion).toBe(true);
  });

  it('never exceeds the balance, or the per-voucher maximum when the balance is unknown', () => {
    expect(previewSubsidy(3_000_000n, rule, '330702', 1_500_000)).toMatchObject({ subsidy: 1_500_000n, limitedBy: 'balance' });
    expect(previewSubsidy(100_000_000n, rule, undefined, undefined)).toMatchObject({ subsidy: 10_000_000n, limitedBy: 'perVoucherMax' });
  });

  it('covers a bill below the full-coverage part entirely', () => {
    expect(previewSubsidy(500_000n, rule, '330702', 50_000_000).subsidy).toBe(500_000n);
    expect(previewSubsidy(333n, { ...rule, fullCoverageUpTo: null }, '330702', 50_000_000).subsidy).toBe(166n);
  });
});
