import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor, DomainError, periodRange } from '@ivl/core';
import { toBigInt } from '@ivl/database';
import type { LedgerClass, TxKind } from '@ivl/ledger';
import { RegionsService } from '@ivl/registry';
import { type ClassReconciliation, MOVEMENT_OF_KIND, RECONCILED_CLASSES, type ReconciledClass, type Reconciliation } from './reconciliation.types.js';

const API_CLASS: Partial<Record<LedgerClass, ReconciledClass>> = {
  available: 'available',
  vouchers: 'vouchers',
  held: 'held',
  payable: 'payable',
  in_settlement: 'inSettlement',
  paid: 'paid',
};

/**
 * Reconciliation (对账) of a funding region's month, read from the ledger: for each class the
 * opening balance, the period's movements by name and the closing balance, with opening + movements
 * = closing checked against balances read independently; counts; what the region's funds owe or paid
 * to providers by the provider's region; and whether the region's ledger balances.
 */
@Injectable()
export class ReconciliationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly regions: RegionsService,
  ) {}

  async reconcile(actor: Actor, regionCode: string, period: string): Promise<Reconciliation> {
    this.assertCanRead(actor, regionCode);
    if (!(await this.regions.findByCode(regionCode))) throw DomainError.notFound('region');
    const { start, end } = periodRange(period);
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      await m.query('SET TRANSACTION READ ONLY');
      await m.query(`SET LOCAL work_mem = '64MB'`); // the distinct counts of a city month hash millions of rows
      // One connection, one snapshot: the queries run one after another, each over the region's
      // funds' entries through the (fund_id, at) covering index.
      const funds: string[] = (await m.query(`SELECT id FROM funds WHERE region_code = $1`, [regionCode])).map((f: { id: string }) => f.id);
      const opening = await this.balancesBefore(m, funds, start);
      const closing = await this.balancesBefore(m, funds, end);
      const movements = await this.movements(m, funds, start, end);
      const counts = await this.counts(m, funds, start, end);
      const byProviderRegion = await this.byProviderRegion(m, funds, start, end);
      const unbalanced = await this.unbalancedTransactions(m, funds, start, end);
      const classes = {} as Record<ReconciledClass, ClassReconciliation>;
      for (const cls of RECONCILED_CLASSES) {
        const moved = movements.get(cls) ?? {};
        const sum = Object.values(moved).reduce((a, b) => a + b, 0n);
        const open = opening.get(cls) ?? 0n;
        const close = closing.get(cls) ?? 0n;
        classes[cls] = { opening: open, closing: close, movements: moved, consistent: open + sum === close };
      }
      const allocated = -(closing.get('appropriation') ?? 0n);
      const held = RECONCILED_CLASSES.reduce((s, c) => s + classes[c].closing, 0n);
      const balanced =
        unbalanced === 0 &&
        Object.values(classes).every((c) => c.consistent && c.closing >= 0n) &&
        held === allocated;
      return { regionCode, period, classes, counts, byProviderRegion, balanced };
    });
  }

  private assertCanRead(actor: Actor, regionCode: string): void {
    switch (actor.role) {
      case 'city_admin':
      case 'auditor':
        return;
      case 'finance':
      case 'county_officer':
        if (actor.regionCode !== regionCode) throw DomainError.notFound('reconciliation');
        return;
      default:
        throw DomainError.forbidden('reconciliation is for the bureaus and auditors');
    }
  }

  /** Each class's balance over the region's funds from the entries of transactions before `at`. */
  private async balancesBefore(m: EntityManager, funds: string[], at: Date): Promise<Map<string, bigint>> {
    const rows: Array<{ class: LedgerClass; amount: string }> = await m.query(
      `SELECT class, sum(amount)::text AS amount FROM ledger_entries WHERE fund_id = ANY($1::uuid[]) AND at < $2 GROUP BY class`,
      [funds, at],
    );
    return new Map(rows.map((r) => [API_CLASS[r.class] ?? r.class, toBigInt(r.amount)]));
  }

  private async movements(m: EntityManager, funds: string[], start: Date, end: Date): Promise<Map<string, Record<string, bigint>>> {
    const rows: Array<{ class: LedgerClass; kind: TxKind; amount: string }> = await m.query(
      `SELECT class, kind, sum(amount)::text AS amount FROM ledger_entries
        WHERE fund_id = ANY($1::uuid[]) AND at >= $2 AND at < $3 GROUP BY class, kind`,
      [funds, start, end],
    );
    const result = new Map<string, Record<string, bigint>>();
    for (const row of rows) {
      const cls = API_CLASS[row.class];
      if (!cls) continue;
      const byName = result.get(cls) ?? {};
      byName[MOVEMENT_OF_KIND[row.kind]] = (byName[MOVEMENT_OF_KIND[row.kind]] ?? 0n) + toBigInt(row.amount);
      result.set(cls, byName);
    }
    return result;
  }

  /**
   * Counts read from the entries alone (the covering index), not joined to their transactions:
   * one issue transaction per voucher (owner of its vouchers entries), one hold transaction per
   * redemption, the enterprises of the vouchers whose holds were confirmed, the providers paid.
   */
  private async counts(m: EntityManager, funds: string[], start: Date, end: Date): Promise<Reconciliation['counts']> {
    const [row]: Array<Record<string, number>> = await m.query(
      `WITH moved AS (
         SELECT kind, class, owner, tx_id FROM ledger_entries
          WHERE fund_id = ANY($1::uuid[]) AND at >= $2 AND at < $3 AND kind IN ('issue', 'hold', 'confirm', 'pay')
       )
       SELECT (SELECT count(DISTINCT owner) FROM moved WHERE kind = 'issue' AND class = 'vouchers')::int AS "vouchersIssued",
              (SELECT count(DISTINCT tx_id) FROM moved WHERE kind = 'hold')::int AS redemptions,
              (SELECT count(DISTINCT v.enterprise_id) FROM vouchers v
                WHERE v.id IN (SELECT owner FROM moved WHERE kind = 'confirm' AND class = 'held'))::int AS "enterprisesServed",
              (SELECT count(DISTINCT owner) FROM moved WHERE kind = 'pay' AND class = 'paid')::int AS "providersPaid"`,
      [funds, start, end],
    );
    return row as Reconciliation['counts'];
  }

  private async byProviderRegion(m: EntityManager, funds: string[], start: Date, end: Date): Promise<Reconciliation['byProviderRegion']> {
    const rows: Array<{ region_code: string; confirmed: string; paid: string }> = await m.query(
      `SELECT p.region_code,
              coalesce(sum(e.amount) FILTER (WHERE e.kind = 'confirm' AND e.class = 'payable'), 0)::text AS confirmed,
              coalesce(sum(e.amount) FILTER (WHERE e.kind = 'pay' AND e.class = 'paid'), 0)::text AS paid
         FROM ledger_entries e JOIN providers p ON p.id = e.owner
        WHERE e.fund_id = ANY($1::uuid[]) AND e.at >= $2 AND e.at < $3 AND e.kind IN ('confirm', 'pay')
        GROUP BY p.region_code ORDER BY p.region_code`,
      [funds, start, end],
    );
    return rows.map((r) => ({ regionCode: r.region_code, confirmed: toBigInt(r.confirmed), paid: toBigInt(r.paid) }));
  }

  /** Ledger transactions of the period whose entries on this region's funds do not sum to zero. */
  private async unbalancedTransactions(m: EntityManager, funds: string[], start: Date, end: Date): Promise<number> {
    const [row]: Array<{ count: number }> = await m.query(
      `SELECT count(*)::int AS count FROM (
         SELECT tx_id, fund_id FROM ledger_entries
          WHERE fund_id = ANY($1::uuid[]) AND at >= $2 AND at < $3
          GROUP BY tx_id, fund_id HAVING sum(amount) <> 0) x`,
      [funds, start, end],
    );
    return row!.count;
  }
}
