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

/** A claim as its detail view reads it: with its documents (the invoice file, the service report…), oldest first. */
export interface ClaimDetail extends Claim {
  documents: DocumentView[];
}

export interface NewClaim {
  redemptionIds: string[];
  invoice: { number: string; date: string; amount: bigint };
  /** Documents the provider uploaded: at least the invoice file, and the service report (检测报告 / 验收单). */
  documentIds: readonly string[];
}
