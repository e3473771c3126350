/** Where money of a fund sits (docs/domain.md "The ledger"). `appropriation` is the external source of allocations. */
export const LEDGER_CLASSES = [
  'appropriation',
  'available',
  'vouchers',
  'held',
  'payable',
  'in_settlement',
  'paid',
  'recoverable',
] as const;
export type LedgerClass = (typeof LEDGER_CLASSES)[number];

/** What a ledger transaction records. */
export const TX_KINDS = [
  'allocate',
  'issue',
  'hold',
  'release',
  'confirm',
  'expire',
  'revoke',
  'batch',
  'return',
  'pay',
  'clawback',
  'recover',
] as const;
export type TxKind = (typeof TX_KINDS)[number];

/**
 * An account: a fund's class, kept per voucher for `vouchers` and `held` (so a redemption touches
 * only rows of its own voucher) and per provider for `payable`, `in_settlement`, `paid` and
 * `recoverable` (what a clawback asks the provider to repay).
 */
export interface AccountRef {
  class: LedgerClass;
  voucherId?: string;
  providerId?: string;
}

/** `amount` fen of one fund moving from one account to another. */
export interface Move {
  fundId: string;
  amount: bigint;
  from: AccountRef;
  to: AccountRef;
}

export interface Posting {
  kind: TxKind;
  at: Date;
  voucherId?: string;
  redemptionId?: string;
  reference?: string;
  moves: Move[];
}

export interface FundBalances {
  allocated: bigint;
  available: bigint;
  vouchers: bigint;
  held: bigint;
  payable: bigint;
  inSettlement: bigint;
  paid: bigint;
  /** Clawed back from providers, not yet repaid. */
  recoverable: bigint;
}

/** Each fund part moving from one account to another (a hold, a release, a confirmation…). */
export function movesOf(parts: ReadonlyArray<{ fundId: string; amount: bigint }>, from: AccountRef, to: AccountRef): Move[] {
  return parts.map((p) => ({ fundId: p.fundId, amount: p.amount, from, to }));
}

/** The owner column of an account: its voucher or provider, or the nil uuid for fund-level classes. */
export const NO_OWNER = '00000000-0000-0000-0000-000000000000';
