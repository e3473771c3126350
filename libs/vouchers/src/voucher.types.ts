import type { DocumentView } from '@ivl/documents';
export const VOUCHER_STATUSES = ['active', 'exhausted', 'expired', 'revoked'] as const;
export type VoucherStatus = (typeof VOUCHER_STATUSES)[number];

export interface VoucherPart {
  fundId: string;
  faceValue: bigint;
  /** What of this part can still be held. */
  balance: bigint;
}

export interface Voucher {
  id: string;
  /** The 16-symbol body; shown with its check symbol as XXXX-XXXX-XXXX-XXXX-C. */
  code: string;
  programId: string;
  enterpriseId: string;
  applicationId: string;
  faceValue: bigint;
  balance: bigint;
  held: bigint;
  status: VoucherStatus;
  issuedAt: Date;
  validUntil: Date;
  closedAt: Date | null;
  revokeReason: string | null;
  funding: VoucherPart[];
}

export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export type ReviewStage = 'county' | 'city' | 'done';

export interface Decision {
  by: string;
  role: string;
  at: string;
  approved: boolean;
  comment: string | null;
}

export interface Application {
  id: string;
  programId: string;
  enterpriseId: string;
  amount: bigint;
  purpose: string;
  status: ApplicationStatus;
  stage: ReviewStage;
  countyDecision: Decision | null;
  cityDecision: Decision | null;
  rejectReason: string | null;
  voucherId: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}

/** An application as its detail view reads it: with its documents (the project plan…), oldest first. */
export interface ApplicationDetail extends Application {
  documents: DocumentView[];
}
