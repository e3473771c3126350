/** Mirrors of the API's responses (the DTOs under apps/api/src). Amounts are integer fen. */
export const ROLES = ['city_admin', 'county_officer', 'finance', 'provider', 'enterprise', 'auditor'] as const;
export type Role = (typeof ROLES)[number];
export const CATEGORIES = ['TESTING', 'CERTIFICATION', 'DESIGN', 'RND', 'INSTRUMENT_SHARING'] as const;
export type Category = (typeof CATEGORIES)[number];
export const SECTORS = ['NEV', 'BIOMED', 'HARDWARE', 'TEXTILE', 'SMALL_COMMODITIES', 'ELECTRONICS', 'SMART_EQUIPMENT', 'ENERGY_EQUIPMENT', 'NEW_MATERIALS', 'ROBOTICS'] as const;
export type Sector = (typeof SECTORS)[number];
export const COMPLEX_LEVELS = ['provincial', 'city', 'county'] as const;
export const PROVIDER_STATUSES = ['active', 'suspended', 'blacklisted'] as const;
export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];
export const VOUCHER_STATUSES = ['active', 'exhausted', 'expired', 'revoked'] as const;
export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export const REDEMPTION_STATUSES = ['pending', 'confirmed', 'cancelled'] as const;
export const CLAIM_STATUSES = ['submitted', 'approved', 'rejected'] as const;

export interface User {
  id: string;
  username: string;
  role: Role;
  regionCode?: string;
  providerId?: string;
  enterpriseId?: string;
  status: UserStatus;
  /** logged in with a temporary password: it must be changed before anything else */
  mustChangePassword: boolean;
}
export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
export interface LoginResponse { accessToken: string; mustChangePassword: boolean; user: User }

export interface Region { code: string; name: string; level: 'city' | 'county'; parentCode: string | null }
export interface Complex { id: string; name: string; sector: Sector; level: string; regionCode: string; createdAt: string }
export interface Accreditation { type: 'CMA' | 'CNAS'; number: string; validUntil: string }
export interface BankAccount { bankName: string; accountName: string; accountNo: string }
export interface Provider {
  id: string; uscc: string; name: string; regionCode: string; complexId: string | null; categories: Category[];
  accreditations: Accreditation[]; controllerKey: string | null; bankAccount: BankAccount; status: ProviderStatus; createdAt: string;
}
export interface Enterprise { id: string; uscc: string; name: string; regionCode: string; controllerKey: string | null; createdAt: string }

export interface Balances { allocated: number; available: number; vouchers: number; held: number; payable: number; inSettlement: number; paid: number }
export interface Fund { id: string; regionCode: string; year: number; name: string; balances: Balances; createdAt: string }
export interface Allocation { id: string; fundId: string; amount: number; reference: string; createdAt: string }
export interface FundingShare { fundId: string; shareBp: number; regionCode: string; approvedAt: string | null }
export type ProgramStatus = 'proposed' | 'active';
export interface Program {
  id: string; name: string; year: number; issuerRegionCode: string; status: ProgramStatus; funding: FundingShare[]; categories: Category[];
  ratioBp: number; fullCoverageUpTo: number | null; outOfRegionRatioBp: number | null; perVoucherMax: number;
  enterpriseAnnualCap: number; controllerAnnualCap: number | null; validityDays: number; claimWindowDays: number;
  cityReviewRequired: boolean; createdAt: string;
}

export interface Decision { by?: string; at?: string; comment?: string | null; [k: string]: unknown }
export interface Application {
  id: string; programId: string; enterpriseId: string; amount: number; purpose: string;
  status: 'pending' | 'approved' | 'rejected'; stage: 'county' | 'city' | 'done';
  countyDecision: Decision | null; cityDecision: Decision | null; rejectReason: string | null;
  createdAt: string; decidedAt: string | null; voucher?: Voucher;
}
export interface Voucher {
  code: string; programId: string; enterpriseId: string; faceValue: number; balance: number; held: number;
  status: 'active' | 'exhausted' | 'expired' | 'revoked'; issuedAt: string; validUntil: string;
  funding: Array<{ fundId: string; faceValue: number; balance: number }>;
}
/** What a provider is shown of a voucher it looks up by code. */
export type ProviderVoucher = Pick<Voucher, 'code' | 'programId' | 'balance' | 'status' | 'validUntil'>;
export interface Redemption {
  id: string; voucherCode: string; providerId: string; enterpriseId: string; programId: string; category: Category;
  orderAmount: number; subsidy: number; enterprisePays: number; description: string;
  status: 'pending' | 'confirmed' | 'cancelled'; parts: Array<{ fundId: string; amount: number }>;
  createdAt: string; confirmedAt?: string; cancelledAt?: string; claimId?: string;
}
export interface Invoice { number: string; date: string; amount: number }
export interface Claim {
  id: string; programId: string; providerId: string; amount: number; invoice: Invoice;
  status: 'submitted' | 'approved' | 'rejected'; rejectReason: string | null; redemptionIds: string[];
  createdAt: string; decidedAt: string | null;
}

export interface SettlementRun { jobId: string; regionCode: string; period: string; state: 'waiting' | 'active' | 'completed' | 'failed'; batchIds: string[]; error?: string }
export interface BatchLine {
  providerId: string; providerName: string; uscc: string; bankName: string; accountName: string; accountNo: string;
  amount: number; claimCount: number; status: 'pending' | 'returned' | 'paid'; returnReason?: string;
}
export interface Batch {
  id: string; regionCode: string; period: string; sequence: number; status: 'draft' | 'approved' | 'paid'; total: number;
  paymentReference: string | null; createdAt: string; approvedAt: string | null; paidAt: string | null; lines: BatchLine[];
}

export const RECON_CLASSES = ['available', 'vouchers', 'held', 'payable', 'inSettlement', 'paid'] as const;
export type ReconClass = (typeof RECON_CLASSES)[number];
export interface ReconClassRow { opening: number; closing: number; movements: Record<string, number>; consistent?: boolean }
export interface Reconciliation {
  regionCode: string; period: string;
  classes: Record<ReconClass, ReconClassRow>;
  counts: { vouchersIssued: number; redemptions: number; enterprisesServed: number; providersPaid: number };
  byProviderRegion: Array<{ regionCode: string; confirmed: number; paid: number }>;
  balanced: boolean;
}

export interface LedgerReport { balanced: boolean; transactionsChecked: number; problems: unknown[] }
export interface AuditEntry {
  id: string; at: string; actorId: string | null; actorRole: string | null; entityType: string; entityId: string; action: string;
  fromState: string | null; toState: string | null; reason: string | null; data: Record<string, unknown> | null;
}
export interface AuditSample {
  regionCode: string; period: string; seed: string; rateBp: number; population: number; size: number;
  redemptions: Array<{ id: string; providerId: string; enterpriseId: string; subsidy: number; confirmedAt: string }>;
}

export interface Dashboard {
  regionCode: string; year: number;
  months: Array<{ period: string; vouchersIssued: number; issued: number; used: number; paid: number }>;
  sectors: Array<{ sector: string | null; redemptions: number; used: number }>;
}

/** RFC 7807 body of every API error. */
export interface Problem {
  type?: string; title?: string; status?: number; code?: string; detail?: string;
  errors?: Array<{ field: string; message: string }>; requestId?: string;
}
