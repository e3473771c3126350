import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { preparedQuery, toBigInt } from '@ivl/database';
import type { AccountRef, FundBalances, LedgerClass, Posting } from './ledger.types.js';

/**
 * Posts balanced transactions into the append-only ledger, always inside the caller's database
 * transaction, so that a state change and its money movement commit or roll back together.
 */
@Injectable()
export class LedgerService {
  /** Writes one ledger transaction (two entries per move) in a single statement; returns its id. */
  async post(manager: EntityManager, posting: Posting): Promise<string> {
    const moves = posting.moves.filter((m) => m.amount !== 0n);
    if (moves.length === 0) throw new Error(`ledger ${posting.kind}: nothing to post`);
    if (moves.some((m) => m.amount < 0n)) throw new Error(`ledger ${posting.kind}: a move must be positive`);
    const funds: string[] = [];
    const classes: string[] = [];
    const owners: string[] = [];
    const amounts: string[] = [];
    // Entries in a stable account order, so concurrent postings lock accounts in the same order.
    const entries = moves
      .flatMap((m) => [
        { fundId: m.fundId, ref: m.from, amount: -m.amount },
        { fundId: m.fundId, ref: m.to, amount: m.amount },
      ])
      .sort((a, b) => accountKey(a.fundId, a.ref).localeCompare(accountKey(b.fundId, b.ref)));
    for (const e of entries) {
      funds.push(e.fundId);
      classes.push(e.ref.class);
      owners.push(ownerOf(e.ref));
      amounts.push(e.amount.toString());
    }
    const rows: Array<{ id: string }> = await preparedQuery(manager, 'ledger-post',
      `WITH tx AS (
         INSERT INTO ledger_transactions (kind, at, voucher_id, redemption_id, reference)
         VALUES ($1, $2, $3, $4, $5) RETURNING id
       ), entries AS (
         INSERT INTO ledger_entries (tx_id, fund_id, class, owner, amount, at, kind)
         SELECT tx.id, e.fund_id, e.class, e.owner, e.amount, $2, $1
           FROM tx, unnest($6::uuid[], $7::text[], $8::uuid[], $9::bigint[]) AS e(fund_id, class, owner, amount)
       )
       SELECT id FROM tx`,
      [posting.kind, posting.at, posting.voucherId ?? null, posting.redemptionId ?? null, posting.reference ?? null, funds, classes, owners, amounts],
    );
    return String(rows[0]!.id);
  }

  /** Balances of each class of the given funds, summed over their voucher and provider accounts. */
  async fundBalances(manager: EntityManager, fundIds: string[]): Promise<Map<string, FundBalances>> {
    const rows: Array<{ fund_id: string; class: LedgerClass; balance: string }> = await manager.query(
      `SELECT fund_id, class, sum(balance)::bigint AS balance FROM ledger_accounts WHERE fund_id = ANY($1::uuid[]) GROUP BY fund_id, class`,
      [fundIds],
    );
    const result = new Map(fundIds.map((id) => [id, emptyBalances()]));
    for (const row of rows) {
      const b = result.get(row.fund_id)!;
      const value = toBigInt(row.balance);
      switch (row.class) {
        case 'appropriation':
          b.allocated = -value;
          break;
        case 'in_settlement':
          b.inSettlement = value;
          break;
        default:
          b[row.class] = value;
      }
    }
    return result;
  }

  /**
   * Balances of a fund's class per account, locked for update (e.g. the `available` accounts of a
   * program's funds at issuance), in a stable order so concurrent lockers cannot deadlock.
   */
  async lockClassBalances(manager: EntityManager, fundIds: string[], cls: LedgerClass): Promise<Map<string, bigint>> {
    const rows: Array<{ fund_id: string; balance: string }> = await manager.query(
      `SELECT fund_id, balance FROM ledger_accounts
        WHERE fund_id = ANY($1::uuid[]) AND class = $2 AND owner = $3
        ORDER BY fund_id FOR UPDATE`,
      [fundIds, cls, NO_OWNER],
    );
    const result = new Map(fundIds.map((id) => [id, 0n]));
    for (const row of rows) result.set(row.fund_id, toBigInt(row.balance));
    return result;
  }

  /** The balance of each fund part of a voucher in one class (`vouchers`: what can still be held). */
  async voucherPartBalances(manager: EntityManager, voucherId: string, cls: 'vouchers' | 'held'): Promise<Map<string, bigint>> {
    const rows: Array<{ fund_id: string; balance: string }> = await manager.query(
      `SELECT fund_id, balance FROM ledger_accounts WHERE owner = $1 AND class = $2`,
      [voucherId, cls],
    );
    return new Map(rows.map((r) => [r.fund_id, toBigInt(r.balance)]));
  }
}

/** The owner column of an account: its voucher or provider, or the nil uuid for fund-level classes. */
export const NO_OWNER = '00000000-0000-0000-0000-000000000000';

function ownerOf(ref: AccountRef): string {
  return ref.voucherId ?? ref.providerId ?? NO_OWNER;
}

function accountKey(fundId: string, ref: AccountRef): string {
  return `${fundId}|${ref.class}|${ownerOf(ref)}`;
}

function emptyBalances(): FundBalances {
  return { allocated: 0n, available: 0n, vouchers: 0n, held: 0n, payable: 0n, inSettlement: 0n, paid: 0n };
}
