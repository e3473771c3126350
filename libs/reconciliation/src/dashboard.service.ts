import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, assertBureauReads, DomainError, periodRange } from '@ivl/core';
import { toBigInt } from '@ivl/database';
import { RegionsService } from '@ivl/registry';

export interface DashboardMonth {
  period: string;
  vouchersIssued: number;
  /** Face value issued (fen). */
  issued: bigint;
  /** Subsidies of redemptions confirmed (fen). */
  used: bigint;
  /** Paid to providers (fen). */
  paid: bigint;
}

export interface DashboardSector {
  /** The sector of the provider's complex; null for a provider outside every complex. */
  sector: string | null;
  redemptions: number;
  used: bigint;
}

export interface Dashboard {
  regionCode: string;
  year: number;
  months: DashboardMonth[];
  sectors: DashboardSector[];
}

/**
 * A year at a glance for the city or a county, read from the ledger like the reconciliation: the
 * money of the region's funds (a city's: its own and its counties') issued to vouchers, used by confirmed
 * redemptions and paid to providers, by Asia/Shanghai month, and what was used by the sector of the
 * provider's complex.
 */
@Injectable()
export class DashboardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly regions: RegionsService,
  ) {}

  async dashboard(actor: Actor, regionCode: string, year: number): Promise<Dashboard> {
    assertBureauReads(actor, regionCode, 'dashboard', 'the dashboard is for the bureaus and auditors');
    if (!(await this.regions.findByCode(regionCode))) throw DomainError.notFound('region');
    const { start } = periodRange(`${year}-01`);
    const { end } = periodRange(`${year}-12`);
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      await m.query('SET TRANSACTION READ ONLY');
      // A city's dashboard covers its own funds and its counties'.
      const funds = `SELECT id FROM funds WHERE region_code = $1 OR region_code IN (SELECT code FROM regions WHERE parent_code = $1)`;
      const months: Array<{ period: string; vouchers: number; issued: string; used: string; paid: string }> = await m.query(
        `SELECT to_char(e.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS period,
                count(DISTINCT e.owner) FILTER (WHERE e.kind = 'issue' AND e.class = 'vouchers')::int AS vouchers,
                coalesce(sum(e.amount) FILTER (WHERE e.kind = 'issue' AND e.class = 'vouchers'), 0)::text AS issued,
                coalesce(sum(e.amount) FILTER (WHERE e.kind = 'confirm' AND e.class = 'payable'), 0)::text AS used,
                coalesce(sum(e.amount) FILTER (WHERE e.kind = 'pay' AND e.class = 'paid'), 0)::text AS paid
           FROM ledger_entries e
          WHERE e.fund_id IN (${funds}) AND e.at >= $2 AND e.at < $3 AND e.kind IN ('issue', 'confirm', 'pay')
          GROUP BY 1`,
        [regionCode, start, end],
      );
      const sectors: Array<{ sector: string | null; redemptions: number; used: string }> = await m.query(
        `SELECT c.sector, count(DISTINCT e.tx_id)::int AS redemptions, sum(e.amount)::text AS used
           FROM ledger_entries e
           JOIN providers p ON p.id = e.owner
           LEFT JOIN complexes c ON c.id = p.complex_id
          WHERE e.fund_id IN (${funds}) AND e.at >= $2 AND e.at < $3 AND e.kind = 'confirm' AND e.class = 'payable'
          GROUP BY c.sector ORDER BY sum(e.amount) DESC`,
        [regionCode, start, end],
      );
      const byPeriod = new Map(months.map((row) => [row.period, row]));
      return {
        regionCode,
        year,
        months: Array.from({ length: 12 }, (_, i) => {
          const period = `${year}-${String(i + 1).padStart(2, '0')}`;
          const row = byPeriod.get(period);
          return {
            period,
            vouchersIssued: row?.vouchers ?? 0,
            issued: toBigInt(row?.issued ?? '0'),
            used: toBigInt(row?.used ?? '0'),
            paid: toBigInt(row?.paid ?? '0'),
          };
        }),
        sectors: sectors.map((row) => ({ sector: row.sector, redemptions: row.redemptions, used: toBigInt(row.used) })),
      };
    });
  }
}
