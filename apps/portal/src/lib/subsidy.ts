/**
 * The subsidy preview shown before a redemption is submitted (预计). It follows
 * libs/redemptions/src/subsidy.ts; the server's answer is authoritative.
 */
export interface ProgramRule {
  ratioBp: number;
  fullCoverageUpTo: number | null;
  outOfRegionRatioBp: number | null;
  issuerRegionCode: string;
  perVoucherMax: number;
}

export interface SubsidyPreview {
  /** the ratio applied, in basis points */
  ratioBp: number;
  /** what the rule alone covers */
  ruleAmount: bigint;
  subsidy: bigint;
  enterprisePays: bigint;
  /** which limit decided the subsidy: the rule, the voucher balance or the per-voucher maximum */
  limitedBy: 'rule' | 'balance' | 'perVoucherMax';
  outOfRegion: boolean;
}

/** The ratio for a provider: the out-of-region ratio when it is set and the provider is outside the issuing region. */
export function ratioFor(rule: ProgramRule, providerRegionCode: string | undefined): number {
  if (providerRegionCode === undefined) return rule.ratioBp;
  return providerRegionCode !== rule.issuerRegionCode && rule.outOfRegionRatioBp !== null ? rule.outOfRegionRatioBp : rule.ratioBp;
}

/** rule(x) = min(x, F) + floor((x − F)⁺ × ratio / 10000). */
export function ruleAmount(orderAmount: bigint, ratioBp: number, fullCoverageUpTo: number | null): bigint {
  const full = BigInt(fullCoverageUpTo ?? 0);
  const covered = orderAmount < full ? orderAmount : full;
  const above = orderAmount > full ? orderAmount - full : 0n;
  return covered + (above * BigInt(ratioBp)) / 10_000n;
}

/**
 * subsidy = min(balance, rule(order)). Without a known balance (the voucher could not be read)
 * the per-voucher maximum bounds it, since no voucher's balance exceeds its face value.
 */
export function previewSubsidy(orderAmount: bigint, rule: ProgramRule, providerRegionCode: string | undefined, balance: number | undefined): SubsidyPreview {
  const ratioBp = ratioFor(rule, providerRegionCode);
  const byRule = ruleAmount(orderAmount, ratioBp, rule.fullCoverageUpTo);
  let subsidy = byRule;
  let limitedBy: SubsidyPreview['limitedBy'] = 'rule';
  const cap = balance !== undefined ? BigInt(balance) : BigInt(rule.perVoucherMax);
  if (cap < subsidy) {
    subsidy = cap;
    limitedBy = balance !== undefined ? 'balance' : 'perVoucherMax';
  }
  return {
    ratioBp,
    ruleAmount: byRule,
    subsidy,
    enterprisePays: orderAmount - subsidy,
    limitedBy,
    outOfRegion: providerRegionCode !== undefined && providerRegionCode !== rule.issuerRegionCode,
  };
}
