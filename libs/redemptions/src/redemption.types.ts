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
  /** The enterprise's name, as read (a provider sees whom it served without reading enterprises). */
  enterpriseName?: string;
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
  /** Its enterprise's rating, once given (after confirmation). */
  rating: Rating | null;
}

/** An enterprise's rating of a confirmed redemption (1–5 stars, an optional comment); one per redemption. */
export interface Rating {
  stars: number;
  comment: string | null;
  createdAt: Date;
}

export interface NewRedemption {
  voucherCode: string;
  category: Category;
  orderAmount: bigint;
  description: string;
  /** The accepted order this redemption delivers (its voucher and agreed amount must match). */
  orderId?: string;
}
