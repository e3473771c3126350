import type { Category } from '@ivl/core';
import type { FundBalances } from '@ivl/ledger';

export interface Fund {
  id: string;
  regionCode: string;
  year: number;
  name: string;
  createdAt: Date;
}

export interface FundWithBalances extends Fund {
  balances: FundBalances;
}

export interface Allocation {
  id: string;
  fundId: string;
  amount: bigint;
  reference: string;
  createdAt: Date;
}

export interface ProgramFunding {
  fundId: string;
  shareBp: number;
  /** The fund's region (who pays this share). */
  regionCode: string;
  /** When the fund's region agreed to pay this share; null while it waits (docs/domain.md "Who may commit a fund's money"). */
  approvedAt: Date | null;
}

/** `proposed` until every funding share is approved; only an `active` program takes applications. */
export const PROGRAM_STATUSES = ['proposed', 'active'] as const;
export type ProgramStatus = (typeof PROGRAM_STATUSES)[number];

/** A voucher program (创新券政策) and its rules (docs/domain.md "Funds and programs"). */
export interface Program {
  id: string;
  name: string;
  year: number;
  issuerRegionCode: string;
  status: ProgramStatus;
  funding: ProgramFunding[];
  categories: Category[];
  ratioBp: number;
  fullCoverageUpTo: bigint | null;
  outOfRegionRatioBp: number | null;
  perVoucherMax: bigint;
  enterpriseAnnualCap: bigint;
  controllerAnnualCap: bigint | null;
  validityDays: number;
  claimWindowDays: number;
  cityReviewRequired: boolean;
  createdAt: Date;
}

export type NewProgram = Omit<Program, 'id' | 'createdAt' | 'status' | 'funding'> & {
  funding: Array<Pick<ProgramFunding, 'fundId' | 'shareBp'>>;
};
