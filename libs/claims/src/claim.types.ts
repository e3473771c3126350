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

export interface NewClaim {
  redemptionIds: string[];
  invoice: { number: string; date: string; amount: bigint };
}
