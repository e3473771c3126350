import type { TxKind } from '@ivl/ledger';

/** The classes a reconciliation shows, as the API names them. */
export const RECONCILED_CLASSES = ['available', 'vouchers', 'held', 'payable', 'inSettlement', 'paid', 'recoverable'] as const;
export type ReconciledClass = (typeof RECONCILED_CLASSES)[number];

/** A movement is named by what happened (docs/api.md): `allocated`, `issued`, … */
export const MOVEMENT_OF_KIND: Record<TxKind, string> = {
  allocate: 'allocated',
  issue: 'issued',
  hold: 'held',
  release: 'released',
  confirm: 'confirmed',
  expire: 'expired',
  revoke: 'revoked',
  batch: 'batched',
  return: 'returned',
  pay: 'paid',
  clawback: 'clawedBack',
  recover: 'recovered',
};

export interface ClassReconciliation {
  opening: bigint;
  closing: bigint;
  /** Signed amounts by movement name; opening + Σ movements = closing. */
  movements: Record<string, bigint>;
  /** Whether opening + Σ movements equals the closing balance read from the ledger. */
  consistent: boolean;
}

export interface Reconciliation {
  regionCode: string;
  /** Names beside codes, for the exports (set by `reconcile`). */
  regionName?: string;
  period: string;
  classes: Record<ReconciledClass, ClassReconciliation>;
  counts: { vouchersIssued: number; redemptions: number; enterprisesServed: number; providersPaid: number };
  byProviderRegion: Array<{ regionCode: string; regionName?: string; confirmed: bigint; paid: bigint }>;
  balanced: boolean;
  /** The hash-chain anchors of the period's Shanghai days (docs/domain.md "Tamper evidence"), set by `reconcile`. */
  anchors?: Array<{ date: string; sequence: number; hash: string }>;
}
