import type { DocumentView } from '@ivl/documents';

export const CLAIM_STATUSES = ['submitted', 'approved', 'rejected'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export interface Claim {
  id: string;
  providerId: string;
  programId: string;
  amount: bigint;
  invoice: { number: string; date: string; amount: bigint };
  status: ClaimStatus;
  rejectReason: string | null;
  redemptionIds: string[];
  createdAt: Date;
  decidedAt: Date | null;
}

export const CLAIM_PAYMENT_STATUSES = ['pending', 'in_batch', 'paid', 'returned'] as const;
/** pending: owed, in no batch yet; in_batch: 纳入结算 (a draft or approved batch); paid; returned: its batch line was returned. */
export type ClaimPaymentStatus = (typeof CLAIM_PAYMENT_STATUSES)[number];

/** What an approved claim's funds of one region owe and where that payment stands (split payments). */
export interface ClaimPayment {
  regionCode: string;
  regionName: string;
  amount: bigint;
  status: ClaimPaymentStatus;
  /** The batch it is (or was last) in. */
  batchId: string | null;
  paidAt: Date | null;
}

/** A claim as its detail view reads it: with its documents (the invoice file, the service report…), oldest first, and its payments per funding region. */
export interface ClaimDetail extends Claim {
  documents: DocumentView[];
  payments: ClaimPayment[];
}

export interface NewClaim {
  redemptionIds: string[];
  invoice: { number: string; date: string; amount: bigint };
  /** Documents the provider uploaded: at least the invoice file, and the service report (检测报告 / 验收单). */
  documentIds: readonly string[];
}
