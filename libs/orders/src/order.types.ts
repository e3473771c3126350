import type { Category } from '@ivl/core';
import type { DocumentView } from '@ivl/documents';

/**
 * `requested` by the enterprise → `accepted` (with the agreed amount) or `declined` (with a reason)
 * by the provider, or `cancelled` by the enterprise while still requested; an accepted order is
 * `redeemed` by the redemption that names it, and accepted again if that redemption is cancelled
 * before confirmation.
 */
export const ORDER_STATUSES = ['requested', 'accepted', 'declined', 'cancelled', 'redeemed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface Order {
  id: string;
  serviceId: string;
  serviceName: string;
  providerId: string;
  providerName: string;
  enterpriseId: string;
  enterpriseName: string;
  voucherId: string;
  /** The 16-symbol body of the voucher's code. */
  voucherCode: string;
  programId: string;
  /** The region that issued the voucher (its officers read the order). */
  issuerRegionCode: string;
  category: Category;
  description: string;
  status: OrderStatus;
  /** The whole bill agreed on acceptance, in fen (the voucher pays its part of it when redeemed). */
  agreedAmount: bigint | null;
  contractDocumentId: string | null;
  declineReason: string | null;
  redemptionId: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  cancelledAt: Date | null;
  redeemedAt: Date | null;
}

/** An order with its documents (the signed contract), oldest first. */
export interface OrderDetail extends Order {
  documents: DocumentView[];
}

export interface NewOrder {
  serviceId: string;
  voucherCode: string;
  description: string;
}

export interface OrderFilter {
  status?: OrderStatus;
  limit: number;
  offset: number;
}

/** What a redemption naming an order says of itself; the order must match it. */
export interface OrderRedemption {
  providerId: string;
  voucherId: string;
  category: Category;
  orderAmount: bigint;
}
