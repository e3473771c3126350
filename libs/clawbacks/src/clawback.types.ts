/** A clawback, and each of its parts, is `recoverable` until repaid, then `recovered`. */
export const CLAWBACK_STATUSES = ['recoverable', 'recovered'] as const;
export type ClawbackStatus = (typeof CLAWBACK_STATUSES)[number];

/** What one funding fund gets back: recovered by the finance bureau of the fund's region. */
export interface ClawbackPart {
  fundId: string;
  fundName: string;
  regionCode: string;
  amount: bigint;
  status: ClawbackStatus;
  paymentReference: string | null;
  recoveredAt: Date | null;
}

export interface Clawback {
  id: string;
  redemptionId: string;
  providerId: string;
  providerName: string;
  amount: bigint;
  reason: string;
  status: ClawbackStatus;
  createdBy: string;
  createdAt: Date;
  recoveredAt: Date | null;
  parts: ClawbackPart[];
}

export interface NewClawback {
  reason: string;
  documentIds?: readonly string[] | null;
}

export interface ClawbackFilter {
  status?: ClawbackStatus;
  providerId?: string;
  limit: number;
  offset: number;
}

/** A redemption's subsidy per fund, and whether the settlement line that carried it has been paid. */
export interface PaidCheck {
  redemptionId: string;
  providerId: string;
  parts: Array<{ fundId: string; regionCode: string; amount: bigint; paid: boolean }>;
}
