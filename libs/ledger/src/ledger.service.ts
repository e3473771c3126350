import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type EntryRow, LedgerRepository } from './ledger.repository.js';
import { type AccountRef, type FundBalances, type LedgerClass, NO_OWNER, type Posting } from './ledger.types.js';

/**
 * Posts balanced transactions into the append-only ledger, always inside the caller's database
 * transaction, so that a state change and its money movement commit or roll back together.
 */
@Injectable()
export class LedgerService {
  constructor(private readonly repo: LedgerRepository) {}

  /** Writes one ledger transaction (two entries per move) in a single statement; returns its id. */
  async post(manager: EntityManager, posting: Posting): Promise<string> {
    const moves = posting.moves.filter((m) => m.amount !== 0n);
    if (moves.length === 0) throw new Error(`ledger ${posting.kind}: nothing to post`);
    if (moves.some((m) => m.amount < 0n)) throw new Error(`ledger ${posting.kind}: a move must be positive`);
    // Entries in a stable account order, so concurrent postings lock accounts in the same order.
    const entries: EntryRow[] = moves
      .flatMap((m) => [
        { fundId: m.fundId, class: m.from.class, owner: ownerOf(m.from), amount: -m.amount },
        { fundId: m.fundId, class: m.to.class, owner: ownerOf(m.to), amount: m.amount },
      ])
      .sort((a, b) => accountKey(a).localeCompare(accountKey(b)));
    const tx = {
      kind: posting.kind,
      at: posting.at,
      voucherId: posting.voucherId ?? null,
      redemptionId: posting.redemptionId ?? null,
      reference: posting.reference ?? null,
    };
    return this.repo.insertTransaction(manager, tx, entries);
  }

  /** Balances of each class of the given funds, summed over their voucher and provider accounts. */
  async fundBalances(manager: EntityManager, fundIds: string[]): Promise<Map<string, FundBalances>> {
    const result = new Map(fundIds.map((id) => [id, emptyBalances()]));
    for (const row of await this.repo.sumByFundAndClass(manager, fundIds)) {
      const b = result.get(row.fundId);
      if (!b) throw new Error(`balances of fund ${row.fundId}, which was not asked for`);
      const value = row.balance;
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
    const result = new Map(fundIds.map((id) => [id, 0n]));
    for (const row of await this.repo.lockFundAccounts(manager, fundIds, cls)) result.set(row.fundId, row.balance);
    return result;
  }

  /**
   * What a provider must still repay (its `recoverable` accounts over all funds): a provider owing
   * money cannot claim. Read under a lock a clawback of the provider's money waits for (and that
   * waits for a clawback in flight), so a claim and a clawback at once cannot both pass; call it
   * in a READ COMMITTED transaction, whose next statement sees what the clawback committed.
   */
  async providerRecoverable(manager: EntityManager, providerId: string): Promise<bigint> {
    await this.repo.lockProviderRecoverable(manager, providerId, 'shared');
    return (await this.repo.ownerBalances(manager, providerId, 'recoverable')).reduce((sum, r) => sum + r.balance, 0n);
  }

  /** Taken by a clawback before it makes a provider's money recoverable: waits for the provider's claims in flight. */
  async lockProviderRecoverable(manager: EntityManager, providerId: string): Promise<void> {
    await this.repo.lockProviderRecoverable(manager, providerId, 'exclusive');
  }

  /** The balance of each fund part of a voucher in one class (`vouchers`: what can still be held). */
  async voucherPartBalances(manager: EntityManager, voucherId: string, cls: 'vouchers' | 'held'): Promise<Map<string, bigint>> {
    return new Map((await this.repo.ownerBalances(manager, voucherId, cls)).map((r) => [r.fundId, r.balance]));
  }
}

function ownerOf(ref: AccountRef): string {
  return ref.voucherId ?? ref.providerId ?? NO_OWNER;
}

function accountKey(e: EntryRow): string {
  return `${e.fundId}|${e.class}|${e.owner}`;
}

function emptyBalances(): FundBalances {
  return { allocated: 0n, available: 0n, vouchers: 0n, held: 0n, payable: 0n, inSettlement: 0n, paid: 0n, recoverable: 0n };
}
