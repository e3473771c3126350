import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, DomainError, periodRange, requireAccess } from '@ivl/core';
import { RegionsService } from '@ivl/registry';
import { ReconciliationRepository } from './reconciliation.repository.js';

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
    private readonly repo: ReconciliationRepository,
    private readonly regions: RegionsService,
  ) {}

  async dashboard(actor: Actor, regionCode: string, year: number): Promise<Dashboard> {
    requireAccess(actor, 'dashboard.read', { regionCode }, 'dashboard');
    if (!(await this.regions.findByCode(regionCode))) throw DomainError.notFound('region');
    const { start } = periodRange(`${year}-01`);
    const { end } = periodRange(`${year}-12`);
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      await this.repo.readOnly(m);
      const months = await this.repo.dashboardMonths(m, regionCode, start, end);
      const sectors = await this.repo.dashboardSectors(m, regionCode, start, end);
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
            issued: row?.issued ?? 0n,
            used: row?.used ?? 0n,
            paid: row?.paid ?? 0n,
          };
        }),
        sectors,
      };
    });
  }
}
