import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { toBigInt } from '@ivl/database';

// The city screen (数据大屏) reads, read-only, what the dashboard reads: ledger_entries (the money
// moved), funds (whose region funded it), regions (the city, its counties and their names),
// providers and complexes (where the money was used) and vouchers (the enterprise served).
//
// Every amount is a sum of ledger entries by (class, kind, fund region, owner), so the year's
// figures are sums of per-day or per-month totals of that shape (per provider where a provider's
// complex or region is asked): closed-day summaries can stand in for the raw entries later. The
// distinct counts (vouchers issued, redemptions, enterprises served, providers paid) are not such
// sums; they are counted from the entries themselves.

/** Issued: class `vouchers` of `issue`; used: class `payable` of `confirm`; paid: class `paid` of `pay`. */
const ISSUED = `e.kind = 'issue' AND e.class = 'vouchers'`;
const USED = `e.kind = 'confirm' AND e.class = 'payable'`;
const PAID = `e.kind = 'pay' AND e.class = 'paid'`;

/** The city and its counties: the regions whose funds the city screen covers. */
const SCOPE = `SELECT code FROM regions WHERE code = $1 OR parent_code = $1`;

/** The statements of the city screen, named so a benchmark can explain the very SQL that runs. */
export const CITY_DASHBOARD_SQL = {
  city: `SELECT code, name FROM regions WHERE code = $1 AND level = 'city'`,
  totals: `WITH moved AS (
         SELECT e.kind, e.class, e.owner, e.tx_id, e.amount FROM ledger_entries e JOIN funds f ON f.id = e.fund_id
          WHERE f.region_code IN (${SCOPE}) AND e.at >= $2 AND e.at < $3 AND e.kind IN ('issue', 'confirm', 'pay')
       )
       SELECT count(DISTINCT e.owner) FILTER (WHERE ${ISSUED})::int AS vouchers,
              coalesce(sum(e.amount) FILTER (WHERE ${ISSUED}), 0)::text AS issued,
              count(DISTINCT e.tx_id) FILTER (WHERE ${USED})::int AS redemptions,
              coalesce(sum(e.amount) FILTER (WHERE ${USED}), 0)::text AS used,
              coalesce(sum(e.amount) FILTER (WHERE ${PAID}), 0)::text AS paid,
              count(DISTINCT e.owner) FILTER (WHERE ${PAID})::int AS providers_paid,
              (SELECT count(DISTINCT v.enterprise_id) FROM vouchers v
                WHERE v.id IN (SELECT owner FROM moved WHERE kind = 'confirm' AND class = 'held'))::int AS enterprises
         FROM moved e`,
  byRegion: `WITH moved AS (
         SELECT f.region_code,
                count(DISTINCT e.owner) FILTER (WHERE ${ISSUED})::int AS vouchers,
                coalesce(sum(e.amount) FILTER (WHERE ${ISSUED}), 0) AS issued,
                count(DISTINCT e.tx_id) FILTER (WHERE ${USED})::int AS redemptions,
                coalesce(sum(e.amount) FILTER (WHERE ${USED}), 0) AS used,
                coalesce(sum(e.amount) FILTER (WHERE ${PAID}), 0) AS paid
           FROM ledger_entries e JOIN funds f ON f.id = e.fund_id
          WHERE f.region_code IN (${SCOPE}) AND e.at >= $2 AND e.at < $3 AND e.kind IN ('issue', 'confirm', 'pay')
          GROUP BY f.region_code
       )
       SELECT g.code, g.name, g.level, coalesce(m.vouchers, 0) AS vouchers, coalesce(m.issued, 0)::text AS issued,
              coalesce(m.redemptions, 0) AS redemptions, coalesce(m.used, 0)::text AS used, coalesce(m.paid, 0)::text AS paid
         FROM regions g LEFT JOIN moved m ON m.region_code = g.code
        WHERE g.code IN (${SCOPE})
        ORDER BY g.level = 'city' DESC, g.code`,
  topComplexes: `SELECT c.id, c.name, c.sector, c.region_code, g.name AS region_name,
              count(DISTINCT e.tx_id)::int AS redemptions, sum(e.amount)::text AS used
         FROM ledger_entries e
         JOIN funds f ON f.id = e.fund_id
         JOIN providers p ON p.id = e.owner
         JOIN complexes c ON c.id = p.complex_id
         JOIN regions g ON g.code = c.region_code
        WHERE f.region_code IN (${SCOPE}) AND e.at >= $2 AND e.at < $3 AND ${USED}
        GROUP BY c.id, g.name
        ORDER BY sum(e.amount) DESC, count(DISTINCT e.tx_id) DESC, c.name, c.id
        LIMIT $4`,
  flows: `SELECT f.region_code AS from_code, fg.name AS from_name, p.region_code AS to_code, pg.name AS to_name,
              (p.region_code <> f.region_code AND pg.parent_code IS DISTINCT FROM f.region_code) AS cross_region,
              count(DISTINCT e.tx_id) FILTER (WHERE ${USED})::int AS redemptions,
              coalesce(sum(e.amount) FILTER (WHERE ${USED}), 0)::text AS used,
              coalesce(sum(e.amount) FILTER (WHERE ${PAID}), 0)::text AS paid
         FROM ledger_entries e
         JOIN funds f ON f.id = e.fund_id
         JOIN regions fg ON fg.code = f.region_code
         JOIN providers p ON p.id = e.owner
         JOIN regions pg ON pg.code = p.region_code
        WHERE f.region_code IN (${SCOPE}) AND e.at >= $2 AND e.at < $3
          AND ((e.kind = 'confirm' AND e.class = 'payable') OR (e.kind = 'pay' AND e.class = 'paid'))
        GROUP BY f.region_code, fg.name, p.region_code, pg.name, pg.parent_code
        ORDER BY coalesce(sum(e.amount) FILTER (WHERE ${USED}), 0) DESC, f.region_code, p.region_code`,
} as const;

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

/** The set-based queries of the city screen over [start, end) for the city `cityCode` and its counties. */
@Injectable()
export class CityDashboardRepository {
  async findCity(manager: EntityManager, cityCode: string): Promise<{ code: string; name: string } | undefined> {
    const rows: Array<{ code: string; name: string }> = await manager.query(CITY_DASHBOARD_SQL.city, [cityCode]);
    return rows.at(0);
  }

  async totals(manager: EntityManager, cityCode: string, start: Date, end: Date): Promise<CityTotalsRow> {
    const [r]: Array<{
      vouchers: number;
      issued: string;
      redemptions: number;
      used: string;
      paid: string;
      providers_paid: number;
      enterprises: number;
    }> = await manager.query(CITY_DASHBOARD_SQL.totals, [cityCode, start, end]);
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

  /** The city's own funds and each county's, every one listed (zeros included), the city first. */
  async byRegion(manager: EntityManager, cityCode: string, start: Date, end: Date): Promise<CityRegionRow[]> {
    const rows: Array<{
      code: string;
      name: string;
      level: 'city' | 'county';
      vouchers: number;
      issued: string;
      redemptions: number;
      used: string;
      paid: string;
    }> = await manager.query(CITY_DASHBOARD_SQL.byRegion, [cityCode, start, end]);
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

  /** The complexes whose providers used the most, largest first. */
  async topComplexes(manager: EntityManager, cityCode: string, start: Date, end: Date, limit: number): Promise<CityComplexRow[]> {
    const rows: Array<{
      id: string;
      name: string;
      sector: string;
      region_code: string;
      region_name: string;
      redemptions: number;
      used: string;
    }> = await manager.query(CITY_DASHBOARD_SQL.topComplexes, [cityCode, start, end, limit]);
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

  /** Funding region → provider region: what was used (confirmed) and paid, the local flows included. */
  async flows(manager: EntityManager, cityCode: string, start: Date, end: Date): Promise<CityFlowRow[]> {
    const rows: Array<{
      from_code: string;
      from_name: string;
      to_code: string;
      to_name: string;
      redemptions: number;
      used: string;
      paid: string;
      cross_region: boolean;
    }> = await manager.query(CITY_DASHBOARD_SQL.flows, [cityCode, start, end]);
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
