import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { VoucherRepository } from './voucher.repository.js';
import type { Voucher } from './voucher.types.js';

/**
 * A voucher's balance and held amount, for the redemptions lib that moves them: it locks the
 * voucher row before it changes a voucher's money, and adjusts both figures as holds come and go.
 */
@Injectable()
export class VoucherBalances {
  constructor(private readonly vouchers: VoucherRepository) {}

  /** Locks the voucher row: every change of a voucher's money starts here, so they serialise per voucher. */
  lockById(manager: EntityManager, id: string): Promise<Voucher | undefined> {
    return this.vouchers.lockById(manager, id);
  }

  /** Adds to balance and held (negative to take away), and sets the status that follows. */
  adjust(manager: EntityManager, id: string, balanceDelta: bigint, heldDelta: bigint): Promise<void> {
    return this.vouchers.adjust(manager, id, balanceDelta, heldDelta);
  }
}
