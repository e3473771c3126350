/**
 * The subsidy rule of a program for one bill, as docs/domain.md "Lifecycle" 3 (Redemption) states it:
 * the server computes it, the portal previews it (预计) with the same functions.
 */

/** The part of a program that decides a bill's subsidy. Amounts in fen (numbers as the API sends them, or bigints). */
export interface SubsidyRule {
  ratioBp: number;
  fullCoverageUpTo: bigint | number | null;
}

/** What the portal knows of a program to preview a subsidy. */
export interface ProgramRule extends SubsidyRule {
  outOfRegionRatioBp: number | null;
  issuerRegionCode: string;
  perVoucherMax: number;
}

/** rule(x) = min(x, F) + floor((x − F)⁺ × ratio / 10000). */
export function ruleAmount(orderAmount: bigint, rule: SubsidyRule): bigint {
  const full = BigInt(rule.fullCoverageUpTo ?? 0);
  const covered = orderAmount < full ? orderAmount : full;
  const above = orderAmount > full ? orderAmount - full : 0n;
  return covered + (above * BigInt(rule.ratioBp)) / 10_000n;
}

/** The subsidy of a redemption: what the rule covers, but never more than the voucher's balance. */
export function subsidyFor(orderAmount: bigint, balance: bigint, rule: SubsidyRule): bigint {
  const amount = ruleAmount(orderAmount, rule);
  return amount < balance ? amount : balance;
}

/**
 * The ratio for a provider: the out-of-region ratio when it is set and the provider is outside the
 * issuing region; the program's ratio when the provider's region is not known.
 */
export function ratioFor(
  program: { ratioBp: number; outOfRegionRatioBp: number | null; issuerRegionCode: string },
  providerRegionCode: string | undefined,
): number {
  if (providerRegionCode === undefined) return program.ratioBp;
  return providerRegionCode !== program.issuerRegionCode && program.outOfRegionRatioBp !== null
    ? program.outOfRegionRatioBp
    : program.ratioBp;
}

/** The preview of a redemption's subsidy shown before it is submitted; the server's answer is authoritative. */
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

/**
 * subsidy = min(balance, rule(order)). Without a known balance (the voucher could not be read)
 * the per-voucher maximum bounds it, since no voucher's balance exceeds its face value.
 */
export function previewSubsidy(
  orderAmount: bigint,
  rule: ProgramRule,
  providerRegionCode: string | undefined,
  balance: number | undefined,
): SubsidyPreview {
  const ratioBp = ratioFor(rule, providerRegionCode);
  const byRule = ruleAmount(orderAmount, { ratioBp, fullCoverageUpTo: rule.fullCoverageUpTo });
  const cap = BigInt(balance ?? rule.perVoucherMax);
  const subsidy = subsidyFor(orderAmount, cap, { ratioBp, fullCoverageUpTo: rule.fullCoverageUpTo });
  return {
    ratioBp,
    ruleAmount: byRule,
    subsidy,
    enterprisePays: orderAmount - subsidy,
    limitedBy: cap < byRule ? (balance !== undefined ? 'balance' : 'perVoucherMax') : 'rule',
    outOfRegion: providerRegionCode !== undefined && providerRegionCode !== rule.issuerRegionCode,
  };
}
