import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor, assertBureauReads, Clock, DomainError, nextPeriod, periodOf, periodRange, previousPeriod, readPeriod } from '@ivl/core';
import { toBigInt, TransactionRunner } from '@ivl/database';
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
 * A month is closed this long after it ended: a transaction stamped 23:59:59 on its last day has
 * long committed by then.
 */
const CLOSE_GRACE_MS = 30 * 60_000;

/** Amounts by ledger class and by transaction kind. */
type Totals = Array<{ class: LedgerClass; kind: TxKind; amount: bigint }>;

interface StoredMatrixRow {
  regionCode: string;
  confirmed: string;
  paid: string;
}

/**
 * Reconciliation (对账) of a funding region's month, read from the ledger: for each class the
 * opening balance, the period's movements by name and the closing balance; counts; what the
 * region's funds owe or paid to providers by the provider's region; and whether the region's ledger
 * balances.
 *
 * A closed month (see `closeMonths`) is read from its stored totals; an open month from its entries,
 * starting from the totals of the closed months before it, so no report reads more than the entries
 * since the last closed month.
 */
@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger(ReconciliationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly regions: RegionsService,
    private readonly clock: Clock,
  ) {}

  async reconcile(actor: Actor, regionCode: string, period: string): Promise<Reconciliation> {
    assertBureauReads(actor, regionCode, 'reconciliation', 'reconciliation is for the bureaus and auditors');
    if (!(await this.regions.findByCode(regionCode))) throw DomainError.notFound('region');
    readPeriod(period, this.clock.now());
    const report = await this.read(regionCode, period);
    const names = new Map((await this.regions.list()).map((r) => [r.code, r.name]));
    return {
      ...report,
      regionName: names.get(regionCode),
      byProviderRegion: report.byProviderRegion.map((r) => ({ ...r, regionName: names.get(r.regionCode) })),
    };
  }

  private read(regionCode: string, period: string): Promise<Reconciliation> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      await m.query('SET TRANSACTION READ ONLY');
      await m.query(`SET LOCAL work_mem = '64MB'`); // the distinct counts of a city month hash millions of rows
      const funds = await this.fundsOf(m, regionCode);
      const closed: Array<{ counts: Reconciliation['counts']; by_provider_region: StoredMatrixRow[] }> = await m.query(
        `SELECT counts, by_provider_region FROM reconciliation_months WHERE region_code = $1 AND period = $2`,
        [regionCode, period],
      );
      const unbalancedFunds = await this.unbalancedFunds(m, funds);
      if (closed[0]) {
        const totals = await this.closedTotals(m, regionCode, period, '<=');
        const report = assemble(
          regionCode,
          period,
          totals.filter((t) => t.period < period),
          totals.filter((t) => t.period === period),
          countsOf(closed[0].counts),
          closed[0].by_provider_region.map((r) => ({ regionCode: r.regionCode, confirmed: toBigInt(r.confirmed), paid: toBigInt(r.paid) })),
        );
        return { ...report, balanced: report.balanced && unbalancedFunds === 0 };
      }
      return this.live(m, regionCode, period, funds, unbalancedFunds);
    });
  }

  /**
   * Closes, for every region with funds, each month from its first entry (or its last closed month)
   * up to the last month that ended at least CLOSE_GRACE_MS ago: stores the month's totals by class
   * and kind, its counts and its provider-region matrix. Safe to run twice or concurrently (a lock
   * per region, months closed in order). Answers the months closed, by region.
   */
  async closeMonths(): Promise<Record<string, string[]>> {
    const upTo = previousPeriod(periodOf(new Date(this.clock.now().getTime() - CLOSE_GRACE_MS)));
    const regions: Array<{ region_code: string }> = await this.dataSource.query(`SELECT DISTINCT region_code FROM funds ORDER BY region_code`);
    const result: Record<string, string[]> = {};
    for (const { region_code: regionCode } of regions) {
      result[regionCode] = await this.tx.run((m) => this.closeRegion(m, regionCode, upTo));
    }
    const closed = Object.values(result).flat().length;
    if (closed > 0) this.logger.log(`closed ${closed} region-month(s) up to ${upTo}`);
    return result;
  }

  private async closeRegion(m: EntityManager, regionCode: string, upTo: string): Promise<string[]> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('reconciliation-close:' || $1))`, [regionCode]);
    await m.query(`SET LOCAL work_mem = '64MB'`);
    const funds = await this.fundsOf(m, regionCode);
    const [last]: Array<{ period: string | null }> = await m.query(`SELECT max(period) AS period FROM reconciliation_months WHERE region_code = $1`, [regionCode]);
    let from: string;
    if (last?.period) {
      from = nextPeriod(last.period);
    } else {
      const [first]: Array<{ at: Date | null }> = await m.query(`SELECT min(at) AS at FROM ledger_entries WHERE fund_id = ANY($1::uuid[])`, [funds]);
      if (!first?.at) return [];
      from = periodOf(first.at);
    }
    const closed: string[] = [];
    for (let period = from; period <= upTo; period = nextPeriod(period)) {
      const { start, end } = periodRange(period);
      const counts = await this.counts(m, funds, start, end);
      const matrix = await this.byProviderRegion(m, funds, start, end);
      await m.query(
        `INSERT INTO reconciliation_months (region_code, period, counts, by_provider_region, closed_at) VALUES ($1, $2, $3, $4, $5)`,
        [
          regionCode,
          period,
          JSON.stringify(counts),
          JSON.stringify(matrix.map((r) => ({ regionCode: r.regionCode, confirmed: String(r.confirmed), paid: String(r.paid) }))),
          this.clock.now(),
        ],
      );
      await m.query(
        `INSERT INTO reconciliation_month_totals (region_code, period, class, kind, amount)
         SELECT $1, $2, class, kind, sum(amount) FROM ledger_entries
          WHERE fund_id = ANY($3::uuid[]) AND at >= $4 AND at < $5 GROUP BY class, kind`,
        [regionCode, period, funds, start, end],
      );
      closed.push(period);
    }
    return closed;
  }

  /**
   * An open month from the ledger entries: the closed months before it give a base, and only the
   * entries since the last of them are read (all of them when no month is closed).
   */
  private async live(m: EntityManager, regionCode: string, period: string, funds: string[], unbalancedFunds: number): Promise<Reconciliation> {
    const { start, end } = periodRange(period);
    const base = await this.closedTotals(m, regionCode, period, '<');
    const lastClosed = base.reduce<string | undefined>((max, t) => (max === undefined || t.period > max ? t.period : max), undefined);
    const since = lastClosed ? periodRange(lastClosed).end : null;
    const before = await this.entryTotals(m, funds, since, start);
    const movements = await this.entryTotals(m, funds, start, end);
    const counts = await this.counts(m, funds, start, end);
    const matrix = await this.byProviderRegion(m, funds, start, end);
    const report = assemble(regionCode, period, [...base, ...before], movements, counts, matrix);
    // The closing balance read independently of the movements: every entry before the end.
    const closing = sumByClass([...base, ...(await this.entryTotals(m, funds, since, end))]);
    for (const cls of RECONCILED_CLASSES) {
      const c = report.classes[cls];
      c.consistent = c.consistent && c.closing === (closing.get(cls) ?? 0n);
    }
    const consistent = RECONCILED_CLASSES.every((cls) => report.classes[cls].consistent);
    return { ...report, balanced: report.balanced && consistent && unbalancedFunds === 0 };
  }

  private async fundsOf(m: EntityManager, regionCode: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await m.query(`SELECT id FROM funds WHERE region_code = $1`, [regionCode]);
    return rows.map((f) => f.id);
  }

  /** The stored totals of the region's closed months before (or up to and including) `period`. */
  private async closedTotals(m: EntityManager, regionCode: string, period: string, op: '<' | '<='): Promise<Array<Totals[number] & { period: string }>> {
    const rows: Array<{ period: string; class: LedgerClass; kind: TxKind; amount: string }> = await m.query(
      `SELECT period, class, kind, amount::text FROM reconciliation_month_totals WHERE region_code = $1 AND period ${op} $2`,
      [regionCode, period],
    );
    return rows.map((r) => ({ period: r.period, class: r.class, kind: r.kind, amount: toBigInt(r.amount) }));
  }

  /** Amounts by class and kind of the region's entries in [from, to) (from the beginning when `from` is null). */
  private async entryTotals(m: EntityManager, funds: string[], from: Date | null, to: Date): Promise<Totals> {
    const rows: Array<{ class: LedgerClass; kind: TxKind; amount: string }> = await m.query(
      `SELECT class, kind, sum(amount)::text AS amount FROM ledger_entries
        WHERE fund_id = ANY($1::uuid[]) AND at >= coalesce($2::timestamptz, '-infinity') AND at < $3 GROUP BY class, kind`,
      [funds, from, to],
    );
    return rows.map((r) => ({ class: r.class, kind: r.kind, amount: toBigInt(r.amount) }));
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

  /**
   * Funds of the region whose accounts do not sum to zero. Every transaction is refused at commit
   * unless balanced, and checked one by one by the ledger verify; per fund, the accounts (kept by
   * the entry trigger) summing to zero is the report's check, read from a few rows per voucher
   * instead of grouping the month's entries by transaction.
   */
  private async unbalancedFunds(m: EntityManager, funds: string[]): Promise<number> {
    const [row]: Array<{ count: number }> = await m.query(
      `SELECT count(*)::int AS count FROM (
         SELECT fund_id FROM ledger_accounts WHERE fund_id = ANY($1::uuid[]) GROUP BY fund_id HAVING sum(balance) <> 0) x`,
      [funds],
    );
    return row!.count;
  }
}

/** The counts in the API's order (jsonb keeps keys in its own). */
function countsOf(c: Reconciliation['counts']): Reconciliation['counts'] {
  return { vouchersIssued: c.vouchersIssued, redemptions: c.redemptions, enterprisesServed: c.enterprisesServed, providersPaid: c.providersPaid };
}

function sumByClass(totals: Totals): Map<string, bigint> {
  const result = new Map<string, bigint>();
  for (const t of totals) {
    const cls = API_CLASS[t.class] ?? t.class;
    result.set(cls, (result.get(cls) ?? 0n) + t.amount);
  }
  return result;
}

/** The report from the totals before the period and the period's own; opening + movements = closing by class. */
function assemble(
  regionCode: string,
  period: string,
  before: Totals,
  during: Totals,
  counts: Reconciliation['counts'],
  byProviderRegion: Reconciliation['byProviderRegion'],
): Reconciliation {
  const opening = sumByClass(before);
  const moved = new Map<string, Record<string, bigint>>();
  // Movements in the lifecycle's order (allocated, issued, held, …), whichever order the rows came in.
  const order = Object.keys(MOVEMENT_OF_KIND);
  for (const t of [...during].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))) {
    const cls = API_CLASS[t.class];
    if (!cls) continue;
    const byName = moved.get(cls) ?? {};
    const name = MOVEMENT_OF_KIND[t.kind];
    byName[name] = (byName[name] ?? 0n) + t.amount;
    moved.set(cls, byName);
  }
  const classes = {} as Record<ReconciledClass, ClassReconciliation>;
  for (const cls of RECONCILED_CLASSES) {
    const movements = moved.get(cls) ?? {};
    const open = opening.get(cls) ?? 0n;
    const close = open + Object.values(movements).reduce((a, b) => a + b, 0n);
    classes[cls] = { opening: open, closing: close, movements, consistent: true };
  }
  const appropriation = sumByClass([...before, ...during]).get('appropriation') ?? 0n;
  const held = RECONCILED_CLASSES.reduce((s, c) => s + classes[c].closing, 0n);
  const balanced = RECONCILED_CLASSES.every((c) => classes[c].closing >= 0n) && held === -appropriation;
  return { regionCode, period, classes, counts, byProviderRegion, balanced };
}
