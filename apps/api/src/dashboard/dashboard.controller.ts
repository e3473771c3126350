import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ivl/core';
import { toJsonAmount } from '@ivl/ledger';
import { DashboardService } from '@ivl/reconciliation';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { DashboardParams } from './dto/dashboard.request.js';
import { DashboardResponse } from './dto/dashboard.response.js';

@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboards: DashboardService) {}

  @Get(':regionCode/:year')
  @ApiOkResponse({
    type: DashboardResponse,
    description: 'by Asia/Shanghai month: vouchers issued (count, fen), used (confirmed subsidies), paid; used by sector',
  })
  async get(@CurrentActor() actor: Actor, @Param() params: DashboardParams): Promise<unknown> {
    const d = await this.dashboards.dashboard(actor, params.regionCode, params.year);
    return {
      regionCode: d.regionCode,
      year: d.year,
      months: d.months.map((m) => ({ ...m, issued: toJsonAmount(m.issued), used: toJsonAmount(m.used), paid: toJsonAmount(m.paid) })),
      sectors: d.sectors.map((s) => ({ ...s, used: toJsonAmount(s.used) })),
    };
  }
}
