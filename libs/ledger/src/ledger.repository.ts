import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { preparedQuery, toBigInt } from '@ivl/database';
import { type LedgerClass, NO_OWNER } from './ledger.types.js';

// The ledger checks read, besides the ledger's own tables, funds and allocations (funding),
// vouchers and voucher_parts (vouchers), redemptions and redemption_parts (redemptions),
// reconciliation_months and reconciliation_month_totals (reconciliation) and clawbacks and
// clawback_parts (clawbacks), read-only: each
// invariant ties the ledger to the rows whose money it carries.

/** The ledger's statements, named so the scale benches explain the very SQL that runs. */
export const LEDGER_SQL = {
  post: `WITH tx AS (
         INSERT INTO ledger_transactions (kind, at, voucher_id, redemption_id, reference)
         VALUES ($1, $2, $3, $4, $5) RETURNING id
       ), entries AS (
         INSERT INTO ledger_entries (tx_id, fund_id, class, owner, amount, at, kind)
         SELECT tx.id, e.fund_id, e.class, e.owner, e.amount, $2, $1
           FROM tx, unnest($6::uuid[], $7::text[], $8::uuid[], $9::bigint[]) AS e(fund_id, class, owner, amount)
       )
       SELECT id FROM tx`,
  fundClassBalances: `SELECT fund_id, class, sum(balance)::bigint AS balance FROM ledger_accounts WHERE fund_id = ANY($1::uuid[]) GROUP BY fund_id, class`,
  lockClassBalances: `SELECT fund_id, balance FROM ledger_accounts
        WHERE fund_id = ANY($1::uuid[]) AND class = $2 AND owner = $3
        ORDER BY fund_id FOR UPDATE`,
  ownerClassBalances: `SELECT fund_id, balance FROM ledger_accounts WHERE owner = $1 AND class = $2`,
} as const;

/**
 * The invariants of docs/domain.md "The ledger", each one set-based query answering a `detail` per
 * breach (LedgerVerifier; GET /ledger/verify and `npm run ledger:verify`).
 */
export const LEDGER_CHECKS: ReadonlyArray<{ check: string; sql: string }> = [
  {
    check: 'transaction balanced',
    sql: `SELECT 'transaction ' || t.id || ': ' || count(e.id) || ' entries summing to ' || coalesce(sum(e.amount), 0) AS detail
            FROM ledger_transactions t LEFT JOIN ledger_entries e ON e.tx_id = t.id
           GROUP BY t.id HAVING count(e.id) < 2 OR coalesce(sum(e.amount), 0) <> 0`,
  },
  {
    check: 'entry carries its transaction time and kind',
    sql: `SELECT 'entry ' || e.id || ' of transaction ' || t.id || ' says ' || e.kind || ' at ' || e.at AS detail
            FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.tx_id
           WHERE e.at <> t.at OR e.kind <> t.kind`,
  },
  {
    check: 'account balance equals its entries',
    sql: `SELECT 'account ' || coalesce(a.id::text, '(missing)') || ' ' || coalesce(a.class, e.class) || ': balance '
                 || coalesce(a.balance, 0) || ' but entries sum to ' || coalesce(e.total, 0) AS detail
            FROM ledger_accounts a
            FULL JOIN (SELECT fund_id, class, owner, sum(amount) AS total
                         FROM ledger_entries GROUP BY fund_id, class, owner) e
              ON a.fund_id = e.fund_id AND a.class = e.class AND a.owner = e.owner
           WHERE coalesce(a.balance, 0) <> coalesce(e.total, 0)`,
  },
  {
    check: 'no class below zero',
    sql: `SELECT 'account ' || id || ' ' || class || ' is ' || balance AS detail
            FROM ledger_accounts WHERE class <> 'appropriation' AND balance < 0`,
  },
  {
    check: 'fund classes sum to allocated',
    sql: `SELECT 'fund ' || f.id || ': allocated ' || coalesce(al.total, 0) || ', appropriation ' || coalesce(b.appropriation, 0)
                 || ', classes sum to ' || coalesce(b.held_money, 0) AS detail
            FROM funds f
            LEFT JOIN (SELECT fund_id, sum(amount) AS total FROM allocations GROUP BY fund_id) al ON al.fund_id = f.id
            LEFT JOIN (SELECT fund_id,
                              sum(balance) FILTER (WHERE class = 'appropriation') AS appropriation,
                              sum(balance) FILTER (WHERE class <> 'appropriation') AS held_money
                         FROM ledger_accounts GROUP BY fund_id) b ON b.fund_id = f.id
           WHERE coalesce(al.total, 0) <> coalesce(b.held_money, 0) OR coalesce(al.total, 0) <> -coalesce(b.appropriation, 0)`,
  },
  {
    check: 'voucher balance and held equal its accounts',
    sql: `SELECT 'voucher ' || v.id || ': balance ' || v.balance || '/' || coalesce(a.vouchers, 0)
                 || ', held ' || v.held || '/' || coalesce(a.held, 0) AS detail
            FROM vouchers v
            LEFT JOIN (SELECT owner,
                              sum(balance) FILTER (WHERE class = 'vouchers') AS vouchers,
                              sum(balance) FILTER (WHERE class = 'held') AS held
                         FROM ledger_accounts WHERE class IN ('vouchers', 'held') GROUP BY owner) a ON a.owner = v.id
           WHERE v.balance <> coalesce(a.vouchers, 0) OR v.held <> coalesce(a.held, 0)`,
  },
  {
    check: 'voucher face value accounted for',
    sql: `SELECT 'voucher ' || v.id || ': face ' || v.face_value || ' <> balance ' || v.balance || ' + held ' || v.held
                 || ' + confirmed ' || coalesce(r.confirmed, 0) || ' + returned ' || coalesce(x.returned, 0)
                 || ' (parts ' || coalesce(p.parts, 0) || ', pending ' || coalesce(r.pending, 0) || ')' AS detail
            FROM vouchers v
            LEFT JOIN (SELECT voucher_id,
                              sum(subsidy) FILTER (WHERE status = 'confirmed') AS confirmed,
                              sum(subsidy) FILTER (WHERE status = 'pending') AS pending
                         FROM redemptions GROUP BY voucher_id) r ON r.voucher_id = v.id
            LEFT JOIN (SELECT t.voucher_id, sum(e.amount) AS returned
                         FROM ledger_transactions t JOIN ledger_entries e ON e.tx_id = t.id
                        WHERE t.kind IN ('expire', 'revoke') AND e.class = 'available'
                        GROUP BY t.voucher_id) x ON x.voucher_id = v.id
            LEFT JOIN (SELECT voucher_id, sum(face_value) AS parts FROM voucher_parts GROUP BY voucher_id) p ON p.voucher_id = v.id
           WHERE v.face_value <> v.balance + v.held + coalesce(r.confirmed, 0) + coalesce(x.returned, 0)
              OR v.face_value <> coalesce(p.parts, 0)
              OR v.held <> coalesce(r.pending, 0)`,
  },
  {
    check: 'voucher status matches its money',
    sql: `SELECT 'voucher ' || id || ' is ' || status || ' with balance ' || balance || ' and held ' || held AS detail
            FROM vouchers
           WHERE (status IN ('exhausted', 'expired', 'revoked') AND (balance <> 0 OR held <> 0))`,
  },
  {
    check: 'redemption parts sum to its subsidy',
    sql: `SELECT 'redemption ' || r.id || ': subsidy ' || r.subsidy || ', parts ' || coalesce(sum(p.amount), 0) AS detail
            FROM redemptions r LEFT JOIN redemption_parts p ON p.redemption_id = r.id
           GROUP BY r.id HAVING r.subsidy <> coalesce(sum(p.amount), 0)`,
  },
  {
    check: 'recoverable accounts equal the clawback parts not recovered',
    sql: `SELECT 'provider ' || coalesce(a.owner, c.provider_id) || ' fund ' || coalesce(a.fund_id, c.fund_id) || ': recoverable '
                 || coalesce(a.balance, 0) || ', clawback parts due ' || coalesce(c.due, 0) AS detail
            FROM (SELECT owner, fund_id, balance FROM ledger_accounts WHERE class = 'recoverable') a
            FULL JOIN (SELECT cb.provider_id, p.fund_id, sum(p.amount) FILTER (WHERE p.status = 'recoverable') AS due
                         FROM clawbacks cb JOIN clawback_parts p ON p.clawback_id = cb.id
                        GROUP BY cb.provider_id, p.fund_id) c ON c.provider_id = a.owner AND c.fund_id = a.fund_id
           WHERE coalesce(a.balance, 0) <> coalesce(c.due, 0)`,
  },
  {
    check: 'closed months start at the first entry, without gaps',
    sql: `SELECT 'region ' || c.region_code || ': ' || c.months || ' closed months from ' || c.first || ' to ' || c.last AS detail
            FROM (SELECT region_code, count(*) AS months, min(period) AS first, max(period) AS last
                    FROM reconciliation_months GROUP BY region_code) c
           WHERE c.months <> (substr(c.last, 1, 4)::int * 12 + substr(c.last, 6, 2)::int)
                           - (substr(c.first, 1, 4)::int * 12 + substr(c.first, 6, 2)::int) + 1
              OR EXISTS (SELECT 1 FROM ledger_entries e JOIN funds f ON f.id = e.fund_id
                          WHERE f.region_code = c.region_code AND e.at < (c.first || '-01 00:00:00+08')::timestamptz)`,
  },
  {
    check: 'closed month totals equal their entries',
    sql: `SELECT 'closed month ' || coalesce(s.region_code, a.region_code) || ' ' || coalesce(s.period, a.period) || ' '
                 || coalesce(s.class, a.class) || '/' || coalesce(s.kind, a.kind) || ': stored ' || coalesce(s.amount, 0)
                 || ', entries ' || coalesce(a.amount, 0) AS detail
            FROM reconciliation_month_totals s
            FULL JOIN (SELECT f.region_code, to_char(e.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS period, e.class, e.kind,
                              sum(e.amount) AS amount
                         FROM ledger_entries e JOIN funds f ON f.id = e.fund_id
                        WHERE f.region_code IN (SELECT region_code FROM reconciliation_months)
                        GROUP BY 1, 2, 3, 4) a
              ON a.region_code = s.region_code AND a.period = s.period AND a.class = s.class AND a.kind = s.kind
           WHERE (s.region_code IS NOT NULL OR EXISTS (SELECT 1 FROM reconciliation_months m
                                                       WHERE m.region_code = a.region_code AND m.period = a.period))
             AND coalesce(s.amount, 0) <> coalesce(a.amount, 0)`,
  },
];

/** One entry of a posting, in the order it is written. */
export interface EntryRow {
  fundId: string;
  class: LedgerClass;
  owner: string;
  amount: bigint;
}

/** The ledger's tables (ledger_transactions, ledger_entries, ledger_accounts): writes and balances. */
@Injectable()
export class LedgerRepository {
  /** Writes one transaction and its entries in a single statement; answers the transaction id. */
  async insertTransaction(
    manager: EntityManager,
    tx: { kind: string; at: Date; voucherId: string | null; redemptionId: string | null; reference: string | null },
    entries: EntryRow[],
  ): Promise<string> {
    const rows: Array<{ id: string }> = await preparedQuery(manager, 'ledger-post', LEDGER_SQL.post, [
      tx.kind,
      tx.at,
      tx.voucherId,
      tx.redemptionId,
      tx.reference,
      entries.map((e) => e.fundId),
      entries.map((e) => e.class),
      entries.map((e) => e.owner),
      entries.map((e) => e.amount.toString()),
    ]);
    return rows[0].id;
  }

  /** The balance of each class of the given funds, summed over all owners. */
  async sumByFundAndClass(
    manager: EntityManager,
    fundIds: string[],
  ): Promise<Array<{ fundId: string; class: LedgerClass; balance: bigint }>> {
    const rows: Array<{ fund_id: string; class: LedgerClass; balance: string }> = await manager.query(LEDGER_SQL.fundClassBalances, [
      fundIds,
    ]);
    return rows.map((r) => ({ fundId: r.fund_id, class: r.class, balance: toBigInt(r.balance) }));
  }

  /** The fund-level account of one class per fund, locked for update in fund order. */
  async lockFundAccounts(manager: EntityManager, fundIds: string[], cls: LedgerClass): Promise<Array<{ fundId: string; balance: bigint }>> {
    const rows: Array<{ fund_id: string; balance: string }> = await manager.query(LEDGER_SQL.lockClassBalances, [fundIds, cls, NO_OWNER]);
    return rows.map((r) => ({ fundId: r.fund_id, balance: toBigInt(r.balance) }));
  }

  /** The accounts of one owner (a voucher) in one class, per fund. */
  async ownerBalances(manager: EntityManager, owner: string, cls: LedgerClass): Promise<Array<{ fundId: string; balance: bigint }>> {
    const rows: Array<{ fund_id: string; balance: string }> = await manager.query(LEDGER_SQL.ownerClassBalances, [owner, cls]);
    return rows.map((r) => ({ fundId: r.fund_id, balance: toBigInt(r.balance) }));
  }

  /**
   * Serialises a clawback of a provider's money against its claims until the caller's transaction
   * ends: claims share the lock, a clawback takes it alone.
   */
  async lockProviderRecoverable(manager: EntityManager, providerId: string, mode: 'shared' | 'exclusive'): Promise<void> {
    const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
    await manager.query(`SELECT ${fn}(hashtext('recoverable:' || $1))`, [providerId]);
  }

  /** Makes the caller's transaction read-only (a report's snapshot). */
  async readOnly(manager: EntityManager): Promise<void> {
    await manager.query('SET TRANSACTION READ ONLY');
  }

  /** Up to `limit` breaches of one check. */
  async breaches(manager: EntityManager, sql: string, limit: number): Promise<string[]> {
    const rows: Array<{ detail: string }> = await manager.query(`${sql} LIMIT $1`, [limit]);
    return rows.map((r) => r.detail);
  }

  async countTransactions(manager: EntityManager): Promise<number> {
    const [row]: Array<{ count: string }> = await manager.query(`SELECT count(*)::bigint AS count FROM ledger_transactions`);
    return Number(row.count);
  }
}
