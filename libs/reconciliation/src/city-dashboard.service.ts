import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, Clock, DomainError, periodRange, requireAccess, shanghaiDate } from '@ivl/core';
import { CITY_CODE } from '@ivl/rules';
import { closedDaysCut, dayStart, nextDay } from './closed-days.js';
import {
  CityDashboardRepository,
  type ClosedDaysCut,
  type CityComplexRow,
  type CityFlowRow,
  type CityRegionRow,
  type CityTotalsRow,
} from './city-dashboard.repository.js';
import type { DashboardMonth, DashboardSector } from './dashboard.service.js';
import { ReconciliationRepository } from './reconciliation.repository.js';

/** How many complexes the screen ranks. */
export const TOP_COMPLEXES = 10;

export interface CityDashboard {
  cityCode: string;
  cityName: string;
  year: number;
  /** When the figures were read (one snapshot). */
  asOf: Date;
  totals: CityTotalsRow & {
    /** Used at providers outside the funding region (通用通兑); the city's own funds are used inside the city. */
    crossRegionUsed: bigint;
  };
  /** The city's own funds first, then each county's, zeros included. */
  regions: CityRegionRow[];
  sectors: DashboardSector[];
  /** Twelve Asia/Shanghai months, January first. */
  months: DashboardMonth[];
  topComplexes: CityComplexRow[];
  /** Funding region → provider region; `crossRegion` when the provider is outside the funding region (the city's holds its counties). */
  flows: CityFlowRow[];
}

/**
 * The city screen for the leadership (数据大屏, issue 16): the year of the city and its counties read
 * from the ledger in one read-only REPEATABLE READ snapshot — vouchers issued, used (confirmed
 * redemptions) and paid, by funding region, sector, month, complex, and from funding region to the
 * provider's region. The same definitions as the dashboard (GET /dashboard/:regionCode/:year), so the
 * screen's months and sectors equal the city's dashboard. Like the dashboard's months, every figure
 * is read from the closed days of the reconciliation as far as they go, then from the entries after
 * them: the same answer as from the entries alone, read afresh on each request (no cache: 0.49 s
 * at a million claim parts with the days closed, bench:reconcile's cityScreenMs, docs/benchmarks.md).
 */
@Injectable()
export class CityDashboardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: CityDashboardRepository,
    private readonly reports: ReconciliationRepository,
    private readonly clock: Clock,
  ) {}

  async cityDashboard(actor: Actor, year: number): Promise<CityDashboard> {
    requireAccess(actor, 'dashboard.city.read', { regionCode: CITY_CODE });
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw DomainError.validation('year', 'must be a year from 2000 to 2100');
    return this.compute(year);
  }

  private async compute(year: number): Promise<CityDashboard> {
    const { start } = periodRange(`${year}-01`);
    const { end } = periodRange(`${year}-12`);
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      await this.reports.readOnly(m);
      const city = await this.repo.findCity(m, CITY_CODE);
      if (!city) throw DomainError.notFound('region');
      const asOf = this.clock.now();
      // Closed days as far as they go, then the entries: the city's days (its own and its counties'
      // funds) for the city-wide figures, each region's own days for the figures by funding region.
      const cutAt = (covered: Date | undefined): ClosedDaysCut => {
        const at = closedDaysCut(start, covered, end) ?? start;
        return { at, day: shanghaiDate(at) };
      };
      const cut = cutAt(await this.reports.closedDaysCover(m, CITY_CODE));
      const cuts = new Map(
        [...(await this.repo.lastClosedDays(m, CITY_CODE))].map(([code, last]) => [
          code,
          cutAt(last ? dayStart(nextDay(last)) : undefined),
        ]),
      );
      const totals = await this.repo.totals(m, CITY_CODE, start, cut, end);
      const regions = await this.repo.byRegion(m, CITY_CODE, start, cuts, end);
      const months = await this.reports.dashboardMonths(m, CITY_CODE, start, end);
      const sectors = await this.reports.dashboardSectors(m, CITY_CODE, start, end);
      const topComplexes = await this.repo.topComplexes(m, CITY_CODE, start, cut, end, TOP_COMPLEXES);
      const flows = await this.repo.flows(m, CITY_CODE, start, cuts, end);
      const byPeriod = new Map(months.map((row) => [row.period, row]));
      return {
        cityCode: city.code,
        cityName: city.name,
        year,
        asOf,
        totals: { ...totals, crossRegionUsed: flows.filter((f) => f.crossRegion).reduce((s, f) => s + f.used, 0n) },
        regions,
        sectors,
        months: Array.from({ length: 12 }, (_, i) => {
          const period = `${year}-${String(i + 1).padStart(2, '0')}`;
          const row = byPeriod.get(period);
          return { period, vouchersIssued: row?.vouchers ?? 0, issued: row?.issued ?? 0n, used: row?.used ?? 0n, paid: row?.paid ?? 0n };
        }),
        topComplexes,
        flows,
      };
    });
  }
}
