import { describe, expect, it } from '@jest/globals';
import { previewSubsidy, type ProgramRule } from './subsidy.js';

const rule: ProgramRule = { ratioBp: 5000, fullCoverageUpTo: 1_000_000, outOfRegionRatioBp: 3000, issuerRegionCode: '330702', perVoucherMax: 10_000_000 };

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
