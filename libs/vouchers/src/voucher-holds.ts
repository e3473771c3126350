import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { toBigInt } from '@ivl/database';
import { LedgerService, movesOf } from '@ivl/ledger';
import { VoucherRepository } from './voucher.repository.js';

export interface ReleasedHold {
  redemptionId: string;
  providerId: string;
  subsidy: bigint;
}

/**
 * Releases pending holds on a voucher (a cancelled redemption, or every pending one when the voucher
 * expires or is revoked): each one's parts go back from `held` to `vouchers`, and it becomes
 * `cancelled`. The caller holds the voucher's row lock.
 */
@Injectable()
export class VoucherHolds {
  constructor(
    private readonly vouchers: VoucherRepository,
    private readonly ledger: LedgerService,
  ) {}

  async release(manager: EntityManager, voucherId: string, at: Date, onlyRedemptionId?: string): Promise<ReleasedHold[]> {
    const rows: Array<{ id: string; provider_id: string; subsidy: string; parts: Array<{ fundId: string; amount: string }> }> =
      await manager.query(
        `WITH cancelled AS (
           UPDATE redemptions SET status = 'cancelled', cancelled_at = $2
            WHERE voucher_id = $1 AND status = 'pending' AND ($3::uuid IS NULL OR id = $3)
            RETURNING id, provider_id, subsidy
         )
         SELECT c.id, c.provider_id, c.subsidy,
                (SELECT json_agg(json_build_object('fundId', p.fund_id, 'amount', p.amount::text) ORDER BY p.position)
                   FROM redemption_parts p WHERE p.redemption_id = c.id) AS parts
           FROM cancelled c ORDER BY c.id`,
        [voucherId, at, onlyRedemptionId ?? null],
      );
    let total = 0n;
    for (const row of rows) {
      await this.ledger.post(manager, {
        kind: 'release',
        at,
        voucherId,
        redemptionId: row.id,
        moves: movesOf(
          row.parts.map((p) => ({ fundId: p.fundId, amount: toBigInt(p.amount) })),
          { class: 'held', voucherId },
          { class: 'vouchers', voucherId },
        ),
      });
      total += toBigInt(row.subsidy);
    }
    if (total > 0n) await this.vouchers.adjust(manager, voucherId, total, -total);
    return rows.map((r) => ({ redemptionId: r.id, providerId: r.provider_id, subsidy: toBigInt(r.subsidy) }));
  }
}
