import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { shanghaiDate } from '@ivl/core';
import { toBigInt } from '@ivl/database';
import type { LedgerClass, TxKind } from '@ivl/ledger';
import { closedDaysCut, dayStart, nextDay } from './closed-days.js';
import type { Reconciliation } from './reconciliation.types.js';

// Reconciliation, the dashboard and the audit sample are set-based reports: they read, read-only,
// ledger_entries and ledger_accounts (ledger: the money moved), funds (funding: which funds are a
// region's), providers, complexes and regions (registry: the provider's region and sector, a city's
// counties), vouchers (vouchers: the enterprise served) and redemptions and redemption_parts
// (redemptions: the population an audit sample is drawn from), and risk_signals (risk: the
// high-severity signals a risk-weighted sample adds).

/** The report statements, named so bench/scale/explain.ts explains the very SQL that runs. */
export const RECONCILIATION_SQL = {
  fundsOf: `SELECT id FROM funds WHERE region_code = $1`,
  entryTotals: `SELECT class, kind, sum(amount)::text AS amount FROM ledger_entries
        WHERE fund_id = ANY($1::uuid[]) AND at >= coalesce($2::timestamptz, '-infinity') AND at < $3 GROUP BY class, kind`,
  /**
   * Counts over the closed days [$5, $6) of region $4's scope $7 and the funds' entries in [$2, $3)
   * (either range may be empty): vouchers issued and redemptions add up over days (one transaction
   * each, on one instant); enterprises served and providers paid are distinct over the union.
   */
  counts: `WITH moved AS (
         SELECT kind, class, owner, tx_id FROM ledger_entries
          WHERE fund_id = ANY($1::uuid[]) AND at >= $2 AND at < $3 AND kind IN ('issue', 'hold', 'confirm', 'pay')
       ), days AS (
         SELECT vouchers_issued, redemptions, enterprises FROM reconciliation_days
          WHERE region_code = $4 AND scope = $7 AND day >= $5::date AND day < $6::date
       )
       SELECT ((SELECT count(DISTINCT owner) FROM moved WHERE kind = 'issue' AND class = 'vouchers')
                + (SELECT coalesce(sum(vouchers_issued), 0) FROM days))::int AS "vouchersIssued",
              ((SELECT count(DISTINCT tx_id) FROM moved WHERE kind = 'hold')
                + (SELECT coalesce(sum(redemptions), 0) FROM days))::int AS redemptions,
              (SELECT count(DISTINCT x.id) FROM (
                 SELECT v.enterprise_id AS id FROM vouchers v WHERE v.id IN (SELECT owner FROM moved WHERE kind = 'confirm' AND class = 'held')
                 UNION ALL SELECT unnest(enterprises) FROM days) x)::int AS "enterprisesServed",
              (SELECT count(DISTINCT x.id) FROM (
                 SELECT owner AS id FROM moved WHERE kind = 'pay' AND class = 'paid'
                 UNION ALL SELECT owner FROM reconciliation_day_providers
                  WHERE region_code = $4 AND scope = $7 AND day >= $5::date AND day < $6::date AND paid_entries > 0) x)::int AS "providersPaid"`,
  /** The matrix over the closed days [$5, $6) of region $4's scope $7 and the funds' entries in [$2, $3), by the provider's region now. */
  byProviderRegion: `SELECT p.region_code, coalesce(sum(x.confirmed), 0)::text AS confirmed, coalesce(sum(x.paid), 0)::text AS paid
         FROM (SELECT e.owner,
                      coalesce(sum(e.amount) FILTER (WHERE e.kind = 'confirm' AND e.class = 'payable'), 0) AS confirmed,
                      coalesce(sum(e.amount) FILTER (WHERE e.kind = 'pay' AND e.class = 'paid'), 0) AS paid
                 FROM ledger_entries e
                WHERE e.fund_id = ANY($1::uuid[]) AND e.at >= $2 AND e.at < $3 AND e.kind IN ('confirm', 'pay')
                GROUP BY e.owner
               UNION ALL
               SELECT owner, confirmed, paid FROM reconciliation_day_providers
                WHERE region_code = $4 AND scope = $7 AND day >= $5::date AND day < $6::date) x
         JOIN providers p ON p.id = x.owner
        GROUP BY p.region_code ORDER BY p.region_code`,
  /** Amounts by class and kind of region $1's scope $2 closed days [$3, $4). */
  dayTotals: `SELECT class, kind, sum(amount)::text AS amount FROM reconciliation_day_totals
        WHERE region_code = $1 AND scope = $2 AND day >= $3::date AND day < $4::date GROUP BY class, kind`,
  unbalancedFunds: `SELECT count(*)::int AS count FROM (
         SELECT fund_id FROM ledger_accounts WHERE fund_id = ANY($1::uuid[]) GROUP BY fund_id HAVING sum(balance) <> 0) x`,
} as const;

/** Which funds a closed day covers: the region's own (`region`, the reconciliation) or also its counties' (`tree`, the dashboard). */
export type ClosedDayScope = 'region' | 'tree';

/** Closed days [from, to) (`YYYY-MM-DD`) of a region's scope. */
export interface ClosedDayRange {
  regionCode: string;
  scope: ClosedDayScope;
  from: string;
  to: string;
}

/** The parameters $4–$7 of a statement reading closed days; an empty range when absent. */
function dayParams(days: ClosedDayRange | undefined): [string, string, string, ClosedDayScope] {
  return days ? [days.regionCode, days.from, days.to, days.scope] : ['', '1970-01-01', '1970-01-01', 'region'];
}

/** Amounts by ledger class and by transaction kind. */
export type Totals = Array<{ class: LedgerClass; kind: TxKind; amount: bigint }>;

/** A closed month as stored: its counts and its provider-region matrix. */
export interface ClosedMonth {
  counts: Reconciliation['counts'];
  byProviderRegion: Reconciliation['byProviderRegion'];
}

/** A dashboard month's row: amounts in fen. */
export interface DashboardMonthRow {
  period: string;
  vouchers: number;
  issued: bigint;
  used: bigint;
  paid: bigint;
}

/** One confirmed redemption drawn into an audit sample, with the size of the population. */
export interface SampledRedemption {
  id: string;
  providerId: string;
  enterpriseId: string;
  subsidy: bigint;
  confirmedAt: Date;
  population: number;
}

/** A city's dashboard covers its own funds and its counties'. */
const DASHBOARD_FUNDS = `SELECT id FROM funds WHERE region_code = $1 OR region_code IN (SELECT code FROM regions WHERE parent_code = $1)`;

@Injectable()
export class ReconciliationRepository {
  /** Makes the caller's transaction a read-only report snapshot. */
  async readOnly(manager: EntityManager): Promise<void> {
    await manager.query('SET TRANSACTION READ ONLY');
  }

  /** The distinct counts of a city month hash millions of rows. */
  async roomForCounts(manager: EntityManager): Promise<void> {
    await manager.query(`SET LOCAL work_mem = '64MB'`);
  }

  async fundsOf(manager: EntityManager, regionCode: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(RECONCILIATION_SQL.fundsOf, [regionCode]);
    return rows.map((f) => f.id);
  }

  /** The regions that have funds, hence months to close. */
  async regionsWithFunds(manager: EntityManager): Promise<string[]> {
    const rows: Array<{ region_code: string }> = await manager.query(`SELECT DISTINCT region_code FROM funds ORDER BY region_code`);
    return rows.map((r) => r.region_code);
  }

  async findClosedMonth(manager: EntityManager, regionCode: string, period: string): Promise<ClosedMonth | undefined> {
    const rows: Array<{
      counts: Reconciliation['counts'];
      by_provider_region: Array<{ regionCode: string; confirmed: string; paid: string }>;
    }> = await manager.query(`SELECT counts, by_provider_region FROM reconciliation_months WHERE region_code = $1 AND period = $2`, [
      regionCode,
      period,
    ]);
    const row = rows.at(0);
    return (
      row && {
        counts: row.counts,
        byProviderRegion: row.by_provider_region.map((r) => ({
          regionCode: r.regionCode,
          confirmed: toBigInt(r.confirmed),
          paid: toBigInt(r.paid),
        })),
      }
    );
  }

  /** The stored totals of the region's closed months before (or up to and including) `period`. */
  async closedTotals(
    manager: EntityManager,
    regionCode: string,
    period: string,
    op: '<' | '<=',
  ): Promise<Array<Totals[number] & { period: string }>> {
    const rows: Array<{ period: string; class: LedgerClass; kind: TxKind; amount: string }> = await manager.query(
      `SELECT period, class, kind, amount::text FROM reconciliation_month_totals WHERE region_code = $1 AND period ${op === '<' ? '<' : '<='} $2`,
      [regionCode, period],
    );
    return rows.map((r) => ({ period: r.period, class: r.class, kind: r.kind, amount: toBigInt(r.amount) }));
  }

  /** Amounts by class and kind of the funds' entries in [from, to) (from the beginning when `from` is null). */
  async entryTotals(manager: EntityManager, funds: string[], from: Date | null, to: Date): Promise<Totals> {
    const rows: Array<{ class: LedgerClass; kind: TxKind; amount: string }> = await manager.query(RECONCILIATION_SQL.entryTotals, [
      funds,
      from,
      to,
    ]);
    return rows.map((r) => ({ class: r.class, kind: r.kind, amount: toBigInt(r.amount) }));
  }

  /**
   * Counts read from the entries alone (the covering index), not joined to their transactions:
   * one issue transaction per voucher (owner of its vouchers entries), one hold transaction per
   * redemption, the enterprises of the vouchers whose holds were confirmed, the providers paid —
   * of the entries in [start, end) and the closed days `days` (none when absent).
   */
  async counts(manager: EntityManager, funds: string[], start: Date, end: Date, days?: ClosedDayRange): Promise<Reconciliation['counts']> {
    const [row]: Array<Reconciliation['counts']> = await manager.query(RECONCILIATION_SQL.counts, [funds, start, end, ...dayParams(days)]);
    return row;
  }

  /** What the funds owe (confirmed) and paid to providers in [start, end) and the closed days `days`, by the provider's region. */
  async byProviderRegion(
    manager: EntityManager,
    funds: string[],
    start: Date,
    end: Date,
    days?: ClosedDayRange,
  ): Promise<Reconciliation['byProviderRegion']> {
    const rows: Array<{ region_code: string; confirmed: string; paid: string }> = await manager.query(RECONCILIATION_SQL.byProviderRegion, [
      funds,
      start,
      end,
      ...dayParams(days),
    ]);
    return rows.map((r) => ({ regionCode: r.region_code, confirmed: toBigInt(r.confirmed), paid: toBigInt(r.paid) }));
  }

  /** Amounts by class and kind of the closed days `days`. */
  async dayTotals(manager: EntityManager, days: ClosedDayRange): Promise<Totals> {
    if (days.from >= days.to) return [];
    const rows: Array<{ class: LedgerClass; kind: TxKind; amount: string }> = await manager.query(RECONCILIATION_SQL.dayTotals, [
      days.regionCode,
      days.scope,
      days.from,
      days.to,
    ]);
    return rows.map((r) => ({ class: r.class, kind: r.kind, amount: toBigInt(r.amount) }));
  }

  /** The region's last closed day (`YYYY-MM-DD`; both scopes are closed together), if any. */
  async lastClosedDay(manager: EntityManager, regionCode: string): Promise<string | undefined> {
    const [row]: Array<{ day: string | null }> = await manager.query(
      `SELECT to_char(max(day), 'YYYY-MM-DD') AS day FROM reconciliation_days WHERE region_code = $1 AND scope = 'tree'`,
      [regionCode],
    );
    return row.day ?? undefined;
  }

  /** The funds of a region and of its counties (a dashboard's, and the `tree` scope of closed days). */
  async treeFundsOf(manager: EntityManager, regionCode: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(DASHBOARD_FUNDS, [regionCode]);
    return rows.map((f) => f.id);
  }

  /** The regions with funds of their own or of their counties, hence days to close. */
  async regionsWithTreeFunds(manager: EntityManager): Promise<string[]> {
    const rows: Array<{ code: string }> = await manager.query(
      `SELECT code FROM regions r WHERE EXISTS (SELECT 1 FROM funds f WHERE f.region_code = r.code)
          OR EXISTS (SELECT 1 FROM funds f JOIN regions c ON c.code = f.region_code WHERE c.parent_code = r.code)
        ORDER BY code`,
    );
    return rows.map((r) => r.code);
  }

  /**
   * Stores one closed day of one scope: its additive counts and enterprises served, its totals by
   * class and kind, and per provider (or other owner paid) what was confirmed and paid.
   */
  async insertClosedDay(
    manager: EntityManager,
    d: { regionCode: string; scope: ClosedDayScope; day: string; funds: string[]; start: Date; end: Date; closedAt: Date },
  ): Promise<void> {
    await manager.query(
      `WITH moved AS (
         SELECT kind, class, owner, tx_id FROM ledger_entries
          WHERE fund_id = ANY($4::uuid[]) AND at >= $5 AND at < $6 AND kind IN ('issue', 'hold', 'confirm')
       )
       INSERT INTO reconciliation_days (region_code, scope, day, vouchers_issued, redemptions, enterprises, closed_at)
       SELECT $1, $2, $3::date,
              (SELECT count(DISTINCT owner) FROM moved WHERE kind = 'issue' AND class = 'vouchers'),
              (SELECT count(DISTINCT tx_id) FROM moved WHERE kind = 'hold'),
              coalesce((SELECT array_agg(DISTINCT v.enterprise_id) FROM vouchers v
                         WHERE v.id IN (SELECT owner FROM moved WHERE kind = 'confirm' AND class = 'held')), '{}'),
              $7`,
      [d.regionCode, d.scope, d.day, d.funds, d.start, d.end, d.closedAt],
    );
    await manager.query(
      `INSERT INTO reconciliation_day_totals (region_code, scope, day, class, kind, amount)
       SELECT $1, $2, $3::date, class, kind, sum(amount) FROM ledger_entries
        WHERE fund_id = ANY($4::uuid[]) AND at >= $5 AND at < $6 GROUP BY class, kind`,
      [d.regionCode, d.scope, d.day, d.funds, d.start, d.end],
    );
    await manager.query(
      `INSERT INTO reconciliation_day_providers (region_code, scope, day, owner, confirmed, confirmations, paid, paid_entries)
       SELECT $1, $2, $3::date, e.owner,
              coalesce(sum(e.amount) FILTER (WHERE e.kind = 'confirm' AND e.class = 'payable'), 0),
              count(DISTINCT e.tx_id) FILTER (WHERE e.kind = 'confirm' AND e.class = 'payable'),
              coalesce(sum(e.amount) FILTER (WHERE e.kind = 'pay' AND e.class = 'paid'), 0),
              count(*) FILTER (WHERE e.kind = 'pay' AND e.class = 'paid')
         FROM ledger_entries e
        WHERE e.fund_id = ANY($4::uuid[]) AND e.at >= $5 AND e.at < $6 AND e.kind IN ('confirm', 'pay')
        GROUP BY e.owner
       HAVING e.owner IN (SELECT id FROM providers) OR count(*) FILTER (WHERE e.kind = 'pay' AND e.class = 'paid') > 0`,
      [d.regionCode, d.scope, d.day, d.funds, d.start, d.end],
    );
  }

  /**
   * Funds whose accounts do not sum to zero. Every transaction is refused at commit unless
   * balanced, and checked one by one by the ledger verify; per fund, the accounts (kept by the
   * entry trigger) summing to zero is the report's check, read from a few rows per voucher instead
   * of grouping the month's entries by transaction.
   */
  async countUnbalancedFunds(manager: EntityManager, funds: string[]): Promise<number> {
    const [row]: Array<{ count: number }> = await manager.query(RECONCILIATION_SQL.unbalancedFunds, [funds]);
    return row.count;
  }

  /** Serialises the closing of one region's months until the caller's transaction ends. */
  async lockRegionClose(manager: EntityManager, regionCode: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('reconciliation-close:' || $1))`, [regionCode]);
  }

  async lastClosedPeriod(manager: EntityManager, regionCode: string): Promise<string | undefined> {
    const [row]: Array<{ period: string | null }> = await manager.query(
      `SELECT max(period) AS period FROM reconciliation_months WHERE region_code = $1`,
      [regionCode],
    );
    return row.period ?? undefined;
  }

  /** When the funds' first entry was made (undefined: none yet). */
  async firstEntryAt(manager: EntityManager, funds: string[]): Promise<Date | undefined> {
    const [row]: Array<{ at: Date | null }> = await manager.query(
      `SELECT min(at) AS at FROM ledger_entries WHERE fund_id = ANY($1::uuid[])`,
      [funds],
    );
    return row.at ?? undefined;
  }

  /** Stores a closed month: its counts and matrix, and its entries' totals by class and kind. */
  async insertClosedMonth(
    manager: EntityManager,
    month: { regionCode: string; period: string; funds: string[]; start: Date; end: Date; closedAt: Date } & ClosedMonth,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO reconciliation_months (region_code, period, counts, by_provider_region, closed_at) VALUES ($1, $2, $3, $4, $5)`,
      [
        month.regionCode,
        month.period,
        JSON.stringify(month.counts),
        JSON.stringify(
          month.byProviderRegion.map((r) => ({ regionCode: r.regionCode, confirmed: String(r.confirmed), paid: String(r.paid) })),
        ),
        month.closedAt,
      ],
    );
    await manager.query(
      `INSERT INTO reconciliation_month_totals (region_code, period, class, kind, amount)
       SELECT $1, $2, class, kind, sum(amount) FROM ledger_entries
        WHERE fund_id = ANY($3::uuid[]) AND at >= $4 AND at < $5 GROUP BY class, kind`,
      [month.regionCode, month.period, month.funds, month.start, month.end],
    );
  }

  /** The start of the day after the region's last closed day: closed days cover every instant before it (undefined: none closed). */
  async closedDaysCover(manager: EntityManager, regionCode: string): Promise<Date | undefined> {
    const last = await this.lastClosedDay(manager, regionCode);
    return last ? dayStart(nextDay(last)) : undefined;
  }

  /**
   * A city's or county's money issued, used and paid by Asia/Shanghai month in [start, end): the
   * region's closed days (scope `tree`) as far as they go, then the entries.
   */
  async dashboardMonths(manager: EntityManager, regionCode: string, start: Date, end: Date): Promise<DashboardMonthRow[]> {
    const cut = closedDaysCut(start, await this.closedDaysCover(manager, regionCode), end) ?? start;
    const rows: Array<{ period: string; vouchers: number; issued: string; used: string; paid: string }> = await manager.query(
      `SELECT period, sum(vouchers)::int AS vouchers, sum(issued)::text AS issued, sum(used)::text AS used, sum(paid)::text AS paid FROM (
         SELECT to_char(e.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS period,
                count(DISTINCT e.owner) FILTER (WHERE e.kind = 'issue' AND e.class = 'vouchers') AS vouchers,
                coalesce(sum(e.amount) FILTER (WHERE e.kind = 'issue' AND e.class = 'vouchers'), 0) AS issued,
                coalesce(sum(e.amount) FILTER (WHERE e.kind = 'confirm' AND e.class = 'payable'), 0) AS used,
                coalesce(sum(e.amount) FILTER (WHERE e.kind = 'pay' AND e.class = 'paid'), 0) AS paid
           FROM ledger_entries e
          WHERE e.fund_id IN (${DASHBOARD_FUNDS}) AND e.at >= $2 AND e.at < $3 AND e.kind IN ('issue', 'confirm', 'pay')
          GROUP BY 1
         UNION ALL
         SELECT to_char(day, 'YYYY-MM'), vouchers_issued, 0, 0, 0 FROM reconciliation_days
          WHERE region_code = $1 AND scope = 'tree' AND day >= $4::date AND day < $5::date
         UNION ALL
         SELECT to_char(day, 'YYYY-MM'), 0,
                CASE WHEN kind = 'issue' AND class = 'vouchers' THEN amount ELSE 0 END,
                CASE WHEN kind = 'confirm' AND class = 'payable' THEN amount ELSE 0 END,
                CASE WHEN kind = 'pay' AND class = 'paid' THEN amount ELSE 0 END
           FROM reconciliation_day_totals
          WHERE region_code = $1 AND scope = 'tree' AND day >= $4::date AND day < $5::date AND kind IN ('issue', 'confirm', 'pay')
       ) x GROUP BY period`,
      [regionCode, cut, end, shanghaiDate(start), shanghaiDate(cut)],
    );
    return rows.map((r) => ({
      period: r.period,
      vouchers: r.vouchers,
      issued: toBigInt(r.issued),
      used: toBigInt(r.used),
      paid: toBigInt(r.paid),
    }));
  }

  /**
   * What confirmed redemptions used in [start, end), by the sector of the provider's complex (as it is
   * now), largest first: per provider from the closed days as far as they go, then from the entries
   * (a redemption's confirmation is one transaction paying one provider).
   */
  async dashboardSectors(
    manager: EntityManager,
    regionCode: string,
    start: Date,
    end: Date,
  ): Promise<Array<{ sector: string | null; redemptions: number; used: bigint }>> {
    const cut = closedDaysCut(start, await this.closedDaysCover(manager, regionCode), end) ?? start;
    const rows: Array<{ sector: string | null; redemptions: number; used: string }> = await manager.query(
      `SELECT c.sector, sum(x.redemptions)::int AS redemptions, sum(x.used)::text AS used
         FROM (SELECT e.owner, count(DISTINCT e.tx_id) AS redemptions, sum(e.amount) AS used
                 FROM ledger_entries e
                WHERE e.fund_id IN (${DASHBOARD_FUNDS}) AND e.at >= $2 AND e.at < $3 AND e.kind = 'confirm' AND e.class = 'payable'
                GROUP BY e.owner
               UNION ALL
               SELECT owner, confirmations, confirmed FROM reconciliation_day_providers
                WHERE region_code = $1 AND scope = 'tree' AND day >= $4::date AND day < $5::date AND confirmations > 0) x
         JOIN providers p ON p.id = x.owner
         LEFT JOIN complexes c ON c.id = p.complex_id
        GROUP BY c.sector ORDER BY sum(x.used) DESC, c.sector NULLS LAST`,
      [regionCode, cut, end, shanghaiDate(start), shanghaiDate(cut)],
    );
    return rows.map((r) => ({ sector: r.sector, redemptions: r.redemptions, used: toBigInt(r.used) }));
  }

  /**
   * A reproducible sample of the confirmed redemptions in [start, end) funded by the region's funds:
   * at least `rateBp` of them, in the order md5(seed ‖ id).
   */
  async drawConfirmedRedemptions(
    manager: EntityManager,
    input: { regionCode: string; start: Date; end: Date; seed: string; rateBp: number },
  ): Promise<SampledRedemption[]> {
    const rows: Array<{ id: string; provider_id: string; enterprise_id: string; subsidy: string; confirmed_at: Date; population: number }> =
      await manager.query(
        `WITH population AS (
         SELECT r.id, r.provider_id, r.enterprise_id, r.subsidy, r.confirmed_at
           FROM redemptions r
          WHERE r.status = 'confirmed' AND r.confirmed_at >= $2 AND r.confirmed_at < $3
            AND EXISTS (SELECT 1 FROM redemption_parts p JOIN funds f ON f.id = p.fund_id
                         WHERE p.redemption_id = r.id AND f.region_code = $1)
       ), counted AS (SELECT count(*)::int AS n FROM population)
       SELECT p.*, c.n AS population FROM population p, counted c
        ORDER BY md5($4 || p.id::text)
        LIMIT (SELECT ceil(n * $5::numeric / 10000) FROM counted)`,
        [input.regionCode, input.start, input.end, input.seed, input.rateBp],
      );
    return rows.map((r) => ({
      id: r.id,
      providerId: r.provider_id,
      enterpriseId: r.enterprise_id,
      subsidy: toBigInt(r.subsidy),
      confirmedAt: r.confirmed_at,
      population: r.population,
    }));
  }

  /**
   * The redemptions of an audit sample's population (as drawConfirmedRedemptions) that a
   * high-severity risk signal of the period names in its evidence and that is not dismissed; each
   * with the ids of those signals.
   */
  async riskFlaggedRedemptions(
    manager: EntityManager,
    input: { regionCode: string; period: string; start: Date; end: Date },
  ): Promise<Array<Omit<SampledRedemption, 'population'> & { signalIds: string[] }>> {
    const rows: Array<{
      id: string;
      provider_id: string;
      enterprise_id: string;
      subsidy: string;
      confirmed_at: Date;
      signal_ids: string[];
    }> = await manager.query(
      `SELECT r.id, r.provider_id, r.enterprise_id, r.subsidy, r.confirmed_at, array_agg(s.id ORDER BY s.id) AS signal_ids
           FROM risk_signals s
           JOIN redemptions r ON s.evidence -> 'redemptionIds' ? r.id::text
          WHERE s.period = $4 AND s.severity = 'high' AND s.status <> 'dismissed'
            AND r.status = 'confirmed' AND r.confirmed_at >= $2 AND r.confirmed_at < $3
            AND EXISTS (SELECT 1 FROM redemption_parts p JOIN funds f ON f.id = p.fund_id
                         WHERE p.redemption_id = r.id AND f.region_code = $1)
          GROUP BY r.id ORDER BY r.confirmed_at, r.id`,
      [input.regionCode, input.start, input.end, input.period],
    );
    return rows.map((r) => ({
      id: r.id,
      providerId: r.provider_id,
      enterpriseId: r.enterprise_id,
      subsidy: toBigInt(r.subsidy),
      confirmedAt: r.confirmed_at,
      signalIds: r.signal_ids,
    }));
  }
}
