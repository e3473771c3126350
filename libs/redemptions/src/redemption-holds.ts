import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { LedgerService, movesOf } from '@ivl/ledger';
import { OrdersService } from '@ivl/orders';
import { type ReleasedHold, VoucherBalances, VoucherHolds } from '@ivl/vouchers';
import { RedemptionRepository } from './redemption.repository.js';

/**
 * Releases pending holds on a voucher (a cancelled redemption, or every pending one when the voucher
 * expires or is revoked): each one's parts go back from `held` to `vouchers`, and it becomes
 * `cancelled`, and the orders they redeemed are accepted again (libs/orders). The caller holds the
 * voucher's row lock. Provided to libs/vouchers as its VoucherHolds.
 */
@Injectable()
export class RedemptionHolds extends VoucherHolds {
  constructor(
    private readonly redemptions: RedemptionRepository,
    private readonly balances: VoucherBalances,
    private readonly ledger: LedgerService,
    private readonly orders: OrdersService,
  ) {
    super();
  }

  releaseAll(manager: EntityManager, voucherId: string, at: Date): Promise<ReleasedHold[]> {
    return this.release(manager, voucherId, at);
  }

  /** Releases the pending holds of a voucher, or only that of `onlyRedemptionId`. */
  async release(manager: EntityManager, voucherId: string, at: Date, onlyRedemptionId?: string): Promise<ReleasedHold[]> {
    const cancelled = await this.redemptions.cancelPending(manager, voucherId, at, onlyRedemptionId);
    let total = 0n;
    for (const hold of cancelled) {
      await this.ledger.post(manager, {
        kind: 'release',
        at,
        voucherId,
        redemptionId: hold.id,
        moves: movesOf(hold.parts, { class: 'held', voucherId }, { class: 'vouchers', voucherId }),
      });
      total += hold.subsidy;
    }
    if (total > 0n) await this.balances.adjust(manager, voucherId, total, -total);
    // An order such a redemption delivered is accepted again (it may be redeemed anew).
    await this.orders.reopenRedeemedBy(
      manager,
      cancelled.map((hold) => hold.id),
    );
    return cancelled.map((hold) => ({ redemptionId: hold.id, providerId: hold.providerId, subsidy: hold.subsidy }));
  }
}
