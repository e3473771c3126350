import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ivl/core';
import { toJsonAmount } from '@ivl/ledger';
import { CityDashboardService } from '@ivl/reconciliation';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { CityDashboardParams } from './dto/city-dashboard.request.js';
import { CityDashboardResponse } from './dto/city-dashboard.response.js';

/**
 * The city screen (数据大屏). `city` is a static segment, so GET /dashboard/city/:year never reaches
 * GET /dashboard/:regionCode/:year (a region code is six digits, and the router prefers the static path).
 */
@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('dashboard/city')
export class CityDashboardController {
  constructor(private readonly screens: CityDashboardService) {}

  @Get(':year')
  @ApiOkResponse({
    type: CityDashboardResponse,
    description:
      'the year of the city and its counties: totals, by funding region, sector, month, top complexes, funding region → provider region (amounts in fen)',
  })
  async get(@CurrentActor() actor: Actor, @Param() params: CityDashboardParams): Promise<unknown> {
    const d = await this.screens.cityDashboard(actor, params.year);
    const t = d.totals;
    return {
      cityCode: d.cityCode,
      cityName: d.cityName,
      year: d.year,
      asOf: d.asOf.toISOString(),
      totals: {
        ...t,
        issued: toJsonAmount(t.issued),
        used: toJsonAmount(t.used),
        paid: toJsonAmount(t.paid),
        crossRegionUsed: toJsonAmount(t.crossRegionUsed),
      },
      regions: d.regions.map((r) => ({ ...r, issued: toJsonAmount(r.issued), used: toJsonAmount(r.used), paid: toJsonAmount(r.paid) })),
      sectors: d.sectors.map((s) => ({ ...s, used: toJsonAmount(s.used) })),
      months: d.months.map((m) => ({ ...m, issued: toJsonAmount(m.issued), used: toJsonAmount(m.used), paid: toJsonAmount(m.paid) })),
      topComplexes: d.topComplexes.map((c) => ({ ...c, used: toJsonAmount(c.used) })),
      flows: d.flows.map((f) => ({ ...f, used: toJsonAmount(f.used), paid: toJsonAmount(f.paid) })),
    };
  }
}
