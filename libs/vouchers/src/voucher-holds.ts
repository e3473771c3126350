import type { EntityManager } from 'typeorm';

/** A pending redemption cancelled because its voucher closed. */
export interface ReleasedHold {
  redemptionId: string;
  providerId: string;
  subsidy: bigint;
}

/**
 * The pending holds on a voucher, which the redemptions lib owns (it depends on this lib, so this
 * lib cannot call it): closing a voucher releases them through this port, which RedemptionsModule
 * provides. Each released hold's parts go back from `held` to `vouchers` and it becomes `cancelled`;
 * the caller holds the voucher's row lock.
 */
export abstract class VoucherHolds {
  abstract releaseAll(manager: EntityManager, voucherId: string, at: Date): Promise<ReleasedHold[]>;
}
