import type { DocumentView } from '@ivl/documents';

export const BATCH_STATUSES = ['draft', 'approved', 'paid'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];
export type LineStatus = 'pending' | 'returned' | 'paid';
export type RunState = 'waiting' | 'active' | 'completed' | 'failed';

export interface SettlementLine {
  providerId: string;
  providerName: string;
  uscc: string;
  bankName: string;
  accountName: string;
  accountNo: string;
  amount: bigint;
  claimCount: number;
  status: LineStatus;
  returnReason: string | null;
}

export interface SettlementBatch {
  id: string;
  regionCode: string;
  period: string;
  sequence: number;
  status: BatchStatus;
  /** Σ of the lines not returned. */
  total: bigint;
  paymentReference: string | null;
  createdAt: Date;
  approvedAt: Date | null;
  /** The end of its payment notice (兑付公示), fixed at approval; null: no notice. */
  noticeEndsAt: Date | null;
  paidAt: Date | null;
  lines: SettlementLine[];
}

/** A batch as its detail view reads it: with its documents (the bank receipt of its payment), oldest first. */
export interface SettlementBatchDetail extends SettlementBatch {
  documents: DocumentView[];
}

export interface SettlementRun {
  jobId: string;
  regionCode: string;
  period: string;
  state: RunState;
  batchIds: string[];
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}
