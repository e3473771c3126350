import type { Category } from '@ivl/core';

export const REDEMPTION_STATUSES = ['pending', 'confirmed', 'cancelled'] as const;
export type RedemptionStatus = (typeof REDEMPTION_STATUSES)[number];

export interface Redemption {
  id: string;
  voucherId: string;
  voucherCode: string;
  programId: string;
  providerId: string;
  enterpriseId: string;
  category: Category;
  orderAmount: bigint;
  subsidy: bigint;
  description: string;
  status: RedemptionStatus;
  parts: Array<{ fundId: string; amount: bigint }>;
  createdAt: Date;
  confirmedAt: Date | null;
  cancelledAt: Date | null;
  /** The claim it is in (submitted or approved); null when not claimed or its claim was rejected. */
  claimId: string | null;
}

export interface NewRedemption {
  voucherCode: string;
  category: Category;
  orderAmount: bigint;
  description: string;
}
