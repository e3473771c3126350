/** The rule of a program for one bill, as docs/domain.md "Lifecycle" 3 (Redemption) states it. */
export interface SubsidyRule {
  ratioBp: number;
  fullCoverageUpTo: bigint | null;
}

/** rule(x) = min(x, F) + floor((x − F)⁺ × ratio / 10000). */
export function ruleAmount(orderAmount: bigint, rule: SubsidyRule): bigint {
  const full = rule.fullCoverageUpTo ?? 0n;
  const covered = orderAmount < full ? orderAmount : full;
  const above = orderAmount > full ? orderAmount - full : 0n;
  return covered + (above * BigInt(rule.ratioBp)) / 10_000n;
}

/** The subsidy of a redemption: what the rule covers, but never more than the voucher's balance. */
export function subsidyFor(orderAmount: bigint, balance: bigint, rule: SubsidyRule): bigint {
  const amount = ruleAmount(orderAmount, rule);
  return amount < balance ? amount : balance;
}

/** The ratio for a provider: the out-of-region ratio when it is set and the provider is outside the issuing region. */
export function ratioFor(program: { ratioBp: number; outOfRegionRatioBp: number | null; issuerRegionCode: string }, providerRegionCode: string): number {
  return providerRegionCode !== program.issuerRegionCode && program.outOfRegionRatioBp !== null ? program.outOfRegionRatioBp : program.ratioBp;
}
