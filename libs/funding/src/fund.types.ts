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
}

/** A voucher program (创新券政策) and its rules (DOMAIN.md "Funds and programs"). */
export interface Program {
  id: string;
  name: string;
  year: number;
  issuerRegionCode: string;
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

export type NewProgram = Omit<Program, 'id' | 'createdAt' | 'funding'> & { funding: Array<Omit<ProgramFunding, 'regionCode'>> };
