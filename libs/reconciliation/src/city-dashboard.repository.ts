import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { shanghaiDate } from '@ivl/core';
import { toBigInt } from '@ivl/database';

// The city screen (数据大屏) reads, read-only, what the dashboard reads: ledger_entries (the money
// moved), funds (whose region funded it), regions (the city, its counties and their names),
// providers and complexes (where the money was used) and vouchers (the enterprise served), and the
// closed days of the reconciliation (reconciliation_days, _day_totals, _day_providers) that stand in
// for the entries of the days they cover.
//
// Every figure is read from the closed days as far as they go and from the entries after them, the
// way the dashboard's months are, and equals the same figure read from the entries alone:
// - amounts: sums of entries by (class, kind), stored per day (reconciliation_day_totals);
// - vouchers issued: one issue transaction per voucher, on one instant hence one day (summed);
// - redemptions: one confirm transaction per redemption, paying one provider (the owner of its
//   payable entries), so the day's confirmations per provider add up over providers and days;
// - enterprises served and providers paid are distinct over the union of the days' sets and the
//   entries' (the days' enterprises array, the day providers with paid entries);
// - complexes and flows: per provider of the day (reconciliation_day_providers), joined to the
//   provider's complex and region now, as the entries are.
// The city-wide figures (totals, complexes) read the city's `tree` days (its own and its counties'
// funds); the figures by funding region (regions, flows) read each region's `region` days, each up
// to its own last closed day (regions close their days one by one).

/** Issued: class `vouchers` of `issue`; used: class `payable` of `confirm`; paid: class `paid` of `pay`. */
const ISSUED = `e.kind = 'issue' AND e.class = 'vouchers'`;
const USED = `e.kind = 'confirm' AND e.class = 'payable'`;
const PAID = `e.kind = 'pay' AND e.class = 'paid'`;

/** The city and its counties: the regions whose funds the city screen covers. */
const SCOPE = `SELECT code FROM regions WHERE code = $1 OR parent_code = $1`;

/** The city's `tree` closed days [$4, $5) (Shanghai dates). */
const TREE_DAYS = `region_code = $1 AND scope = 'tree' AND day >= $4::date AND day < $5::date`;

/**
 * Per region of the city ($2 codes, $3 the instants their closed days cover up to, $4 the same as
 * Shanghai dates): the entries of its own funds from its cut to $5, read fund by fund on the
 * (fund_id, at) index.
 */
const REGION_CUTS = `cuts AS (SELECT * FROM unnest($2::text[], $3::timestamptz[], $4::date[]) AS c(code, cut, cut_day) WHERE c.code IN (${SCOPE}))`;
const REGION_ENTRIES = `SELECT f.region_code, e.kind, e.class, e.owner, e.tx_id, e.amount
           FROM cuts c JOIN funds f ON f.region_code = c.code
           CROSS JOIN LATERAL (SELECT x.kind, x.class, x.owner, x.tx_id, x.amount FROM ledger_entries x
                                WHERE x.fund_id = f.id AND x.at >= c.cut AND x.at < $5 AND x.kind IN ('issue', 'confirm', 'pay')) e`;
/** A region's `region` closed days from $6 up to its cut (the day tables' alias `d`, the cuts' `c`). */
const REGION_DAYS = `d.region_code = c.code AND d.scope = 'region' AND d.day >= $6::date AND d.day < c.cut_day`;

/** The statements of the city screen, named so a benchmark can explain the very SQL that runs. */
export const CITY_DASHBOARD_SQL = {
  city: `SELECT code, name FROM regions WHERE code = $1 AND level = 'city'`,
  /** The last closed day of each region of the city (its own funds); null when none. */
  lastClosedDays: `SELECT g.code, to_char((SELECT max(d.day) FROM reconciliation_days d WHERE d.region_code = g.code AND d.scope = 'region'), 'YYYY-MM-DD') AS day
         FROM regions g WHERE g.code IN (${SCOPE}) ORDER BY g.code`,
  /** $2–$3: the entries' range (from the cut); $4–$5: the city's closed days before the cut. */
  totals: `WITH moved AS (
         SELECT e.kind, e.class, e.owner, e.tx_id, e.amount FROM ledger_entries e
          WHERE e.fund_id IN (SELECT id FROM funds WHERE region_code IN (${SCOPE}))
            AND e.at >= $2 AND e.at < $3 AND e.kind IN ('issue', 'confirm', 'pay')
       ), days AS (
         SELECT vouchers_issued, enterprises FROM reconciliation_days WHERE ${TREE_DAYS}
       ), day_totals AS (
         SELECT kind, class, amount FROM reconciliation_day_totals WHERE ${TREE_DAYS} AND kind IN ('issue', 'confirm', 'pay')
       ), day_providers AS (
         SELECT owner, confirmations, paid_entries FROM reconciliation_day_providers WHERE ${TREE_DAYS}
       )
       SELECT ((SELECT count(DISTINCT e.owner) FROM moved e WHERE ${ISSUED})
                + (SELECT coalesce(sum(vouchers_issued), 0) FROM days))::int AS vouchers,
              ((SELECT coalesce(sum(e.amount), 0) FROM moved e WHERE ${ISSUED})
                + (SELECT coalesce(sum(e.amount), 0) FROM day_totals e WHERE ${ISSUED}))::text AS issued,
              ((SELECT count(DISTINCT e.tx_id) FROM moved e WHERE ${USED})
                + (SELECT coalesce(sum(confirmations), 0) FROM day_providers))::int AS redemptions,
              ((SELECT coalesce(sum(e.amount), 0) FROM moved e WHERE ${USED})
                + (SELECT coalesce(sum(e.amount), 0) FROM day_totals e WHERE ${USED}))::text AS used,
              ((SELECT coalesce(sum(e.amount), 0) FROM moved e WHERE ${PAID})
                + (SELECT coalesce(sum(e.amount), 0) FROM day_totals e WHERE ${PAID}))::text AS paid,
              (SELECT count(DISTINCT x.id) FROM (
                 SELECT e.owner AS id FROM moved e WHERE ${PAID}
                 UNION ALL SELECT owner FROM day_providers WHERE paid_entries > 0) x)::int AS providers_paid,
              (SELECT count(DISTINCT x.id) FROM (
                 SELECT v.enterprise_id AS id FROM vouchers v WHERE v.id IN (SELECT owner FROM moved WHERE kind = 'confirm' AND class = 'held')
                 UNION ALL SELECT unnest(enterprises) FROM days) x)::int AS enterprises`,
  /** $2–$4: the regions' cuts; $5: the end; $6: the first day. */
  byRegion: `WITH ${REGION_CUTS}, moved AS (${REGION_ENTRIES}
       ), figures AS (
         SELECT e.region_code,
                count(DISTINCT e.owner) FILTER (WHERE ${ISSUED}) AS vouchers,
                coalesce(sum(e.amount) FILTER (WHERE ${ISSUED}), 0) AS issued,
                count(DISTINCT e.tx_id) FILTER (WHERE ${USED}) AS redemptions,
                coalesce(sum(e.amount) FILTER (WHERE ${USED}), 0) AS used,
                coalesce(sum(e.amount) FILTER (WHERE ${PAID}), 0) AS paid
           FROM moved e GROUP BY e.region_code
         UNION ALL
         SELECT d.region_code, d.vouchers_issued, 0, 0, 0, 0 FROM cuts c JOIN reconciliation_days d ON ${REGION_DAYS}
         UNION ALL
         SELECT d.region_code, 0,
                CASE WHEN d.kind = 'issue' AND d.class = 'vouchers' THEN d.amount ELSE 0 END, 0,
                CASE WHEN d.kind = 'confirm' AND d.class = 'payable' THEN d.amount ELSE 0 END,
                CASE WHEN d.kind = 'pay' AND d.class = 'paid' THEN d.amount ELSE 0 END
           FROM cuts c JOIN reconciliation_day_totals d ON ${REGION_DAYS} AND d.kind IN ('issue', 'confirm', 'pay')
         UNION ALL
         SELECT d.region_code, 0, 0, d.confirmations, 0, 0
           FROM cuts c JOIN reconciliation_day_providers d ON ${REGION_DAYS} AND d.confirmations > 0
       ), m AS (
         SELECT region_code, sum(vouchers) AS vouchers, sum(issued) AS issued, sum(redemptions) AS redemptions,
                sum(used) AS used, sum(paid) AS paid
           FROM figures GROUP BY region_code
       )
       SELECT g.code, g.name, g.level, coalesce(m.vouchers, 0)::int AS vouchers, coalesce(m.issued, 0)::text AS issued,
              coalesce(m.redemptions, 0)::int AS redemptions, coalesce(m.used, 0)::text AS used, coalesce(m.paid, 0)::text AS paid
         FROM regions g LEFT JOIN m ON m.region_code = g.code
        WHERE g.code IN (${SCOPE})
        ORDER BY g.level = 'city' DESC, g.code`,
  /** $2–$3: the entries' range (from the cut); $4–$5: the city's closed days before the cut; $6: how many. */
  topComplexes: `SELECT c.id, c.name, c.sector, c.region_code, g.name AS region_name,
              sum(x.redemptions)::int AS redemptions, sum(x.used)::text AS used
         FROM (SELECT e.owner, count(DISTINCT e.tx_id) AS redemptions, sum(e.amount) AS used
                 FROM ledger_entries e
                WHERE e.fund_id IN (SELECT id FROM funds WHERE region_code IN (${SCOPE})) AND e.at >= $2 AND e.at < $3 AND ${USED}
                GROUP BY e.owner
               UNION ALL
               SELECT owner, confirmations, confirmed FROM reconciliation_day_providers WHERE ${TREE_DAYS} AND confirmations > 0) x
         JOIN providers p ON p.id = x.owner
         JOIN complexes c ON c.id = p.complex_id
         JOIN regions g ON g.code = c.region_code
        GROUP BY c.id, g.name
        ORDER BY sum(x.used) DESC, sum(x.redemptions) DESC, c.name, c.id
        LIMIT $6`,
  /** $2–$4: the regions' cuts; $5: the end; $6: the first day. */
  flows: `WITH ${REGION_CUTS}, moved AS (${REGION_ENTRIES}
       ), x AS (
         SELECT e.region_code, e.owner,
                count(DISTINCT e.tx_id) FILTER (WHERE ${USED}) AS redemptions,
                coalesce(sum(e.amount) FILTER (WHERE ${USED}), 0) AS used,
                coalesce(sum(e.amount) FILTER (WHERE ${PAID}), 0) AS paid
           FROM moved e WHERE (${USED}) OR (${PAID})
          GROUP BY e.region_code, e.owner
         UNION ALL
         SELECT d.region_code, d.owner, d.confirmations, d.confirmed, d.paid
           FROM cuts c JOIN reconciliation_day_providers d ON ${REGION_DAYS} AND (d.confirmations > 0 OR d.paid_entries > 0)
       )
       SELECT x.region_code AS from_code, fg.name AS from_name, p.region_code AS to_code, pg.name AS to_name,
              (p.region_code <> x.region_code AND pg.parent_code IS DISTINCT FROM x.region_code) AS cross_region,
              sum(x.redemptions)::int AS redemptions, sum(x.used)::text AS used, sum(x.paid)::text AS paid
         FROM x
         JOIN regions fg ON fg.code = x.region_code
         JOIN providers p ON p.id = x.owner
         JOIN regions pg ON pg.code = p.region_code
        GROUP BY x.region_code, fg.name, p.region_code, pg.name, pg.parent_code
        ORDER BY sum(x.used) DESC, x.region_code, p.region_code`,
} as const;

/** Where the closed days stop and the entries start: the instant, and the same as a Shanghai date. */
export interface ClosedDaysCut {
  at: Date;
  day: string;
}

export interface CityTotalsRow {
  vouchersIssued: number;
  issued: bigint;
  redemptions: number;
  used: bigint;
  paid: bigint;
  enterprisesServed: number;
  providersPaid: number;
}

export interface CityRegionRow {
  regionCode: string;
  name: string;
  level: 'city' | 'county';
  vouchersIssued: number;
  issued: bigint;
  redemptions: number;
  used: bigint;
  paid: bigint;
}

export interface CityComplexRow {
  complexId: string;
  name: string;
  sector: string;
  regionCode: string;
  regionName: string;
  redemptions: number;
  used: bigint;
}

export interface CityFlowRow {
  fromRegionCode: string;
  fromName: string;
  toRegionCode: string;
  toName: string;
  redemptions: number;
  used: bigint;
  paid: bigint;
  /** The provider is outside the funding region (a city's region holds its counties): 通用通兑. */
  crossRegion: boolean;
}

/** The parameters $2–$4 of a statement reading each region from its own cut. */
function cutParams(cuts: Map<string, ClosedDaysCut>): [string[], Date[], string[]] {
  const list = [...cuts];
  return [list.map(([code]) => code), list.map(([, c]) => c.at), list.map(([, c]) => c.day)];
}

/** The set-based queries of the city screen over [start, end) for the city `cityCode` and its counties. */
@Injectable()
export class CityDashboardRepository {
  async findCity(manager: EntityManager, cityCode: string): Promise<{ code: string; name: string } | undefined> {
    const rows: Array<{ code: string; name: string }> = await manager.query(CITY_DASHBOARD_SQL.city, [cityCode]);
    return rows.at(0);
  }

  /** The last closed day (`YYYY-MM-DD`) of each region of the city, its own funds' (undefined: none closed). */
  async lastClosedDays(manager: EntityManager, cityCode: string): Promise<Map<string, string | undefined>> {
    const rows: Array<{ code: string; day: string | null }> = await manager.query(CITY_DASHBOARD_SQL.lastClosedDays, [cityCode]);
    return new Map(rows.map((r) => [r.code, r.day ?? undefined]));
  }

  /** The year's totals: the city's closed days from `start` to `cut`, then the entries from `cut` to `end`. */
  async totals(manager: EntityManager, cityCode: string, start: Date, cut: ClosedDaysCut, end: Date): Promise<CityTotalsRow> {
    const [r]: Array<{
      vouchers: number;
      issued: string;
      redemptions: number;
      used: string;
      paid: string;
      providers_paid: number;
      enterprises: number;
    }> = await manager.query(CITY_DASHBOARD_SQL.totals, [cityCode, cut.at, end, shanghaiDate(start), cut.day]);
    return {
      vouchersIssued: r.vouchers,
      issued: toBigInt(r.issued),
      redemptions: r.redemptions,
      used: toBigInt(r.used),
      paid: toBigInt(r.paid),
      enterprisesServed: r.enterprises,
      providersPaid: r.providers_paid,
    };
  }

  /**
   * The city's own funds and each county's, every one listed (zeros included), the city first: each
   * region's closed days from `start` to its cut (`cuts`, by region code), then its entries to `end`.
   */
  async byRegion(
    manager: EntityManager,
    cityCode: string,
    start: Date,
    cuts: Map<string, ClosedDaysCut>,
    end: Date,
  ): Promise<CityRegionRow[]> {
    const rows: Array<{
      code: string;
      name: string;
      level: 'city' | 'county';
      vouchers: number;
      issued: string;
      redemptions: number;
      used: string;
      paid: string;
    }> = await manager.query(CITY_DASHBOARD_SQL.byRegion, [cityCode, ...cutParams(cuts), end, shanghaiDate(start)]);
    return rows.map((r) => ({
      regionCode: r.code,
      name: r.name,
      level: r.level,
      vouchersIssued: r.vouchers,
      issued: toBigInt(r.issued),
      redemptions: r.redemptions,
      used: toBigInt(r.used),
      paid: toBigInt(r.paid),
    }));
  }

  /** The complexes whose providers used the most, largest first: the city's closed days to `cut`, then the entries. */
  async topComplexes(
    manager: EntityManager,
    cityCode: string,
    start: Date,
    cut: ClosedDaysCut,
    end: Date,
    limit: number,
  ): Promise<CityComplexRow[]> {
    const rows: Array<{
      id: string;
      name: string;
      sector: string;
      region_code: string;
      region_name: string;
      redemptions: number;
      used: string;
    }> = await manager.query(CITY_DASHBOARD_SQL.topComplexes, [cityCode, cut.at, end, shanghaiDate(start), cut.day, limit]);
    return rows.map((r) => ({
      complexId: r.id,
      name: r.name,
      sector: r.sector,
      regionCode: r.region_code,
      regionName: r.region_name,
      redemptions: r.redemptions,
      used: toBigInt(r.used),
    }));
  }

  /** Funding region → provider region: what was used (confirmed) and paid, the local flows included (each region's days to its cut, then its entries). */
  async flows(manager: EntityManager, cityCode: string, start: Date, cuts: Map<string, ClosedDaysCut>, end: Date): Promise<CityFlowRow[]> {
    const rows: Array<{
      from_code: string;
      from_name: string;
      to_code: string;
      to_name: string;
      redemptions: number;
      used: string;
      paid: string;
      cross_region: boolean;
    }> = await manager.query(CITY_DASHBOARD_SQL.flows, [cityCode, ...cutParams(cuts), end, shanghaiDate(start)]);
    return rows.map((r) => ({
      fromRegionCode: r.from_code,
      fromName: r.from_name,
      toRegionCode: r.to_code,
      toName: r.to_name,
      redemptions: r.redemptions,
      used: toBigInt(r.used),
      paid: toBigInt(r.paid),
      crossRegion: r.cross_region,
    }));
  }
}
