import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type Actor, DomainError } from '@ivl/core';
import { toJsonAmount } from '@ivl/ledger';
import { type Reconciliation, reconciliationCsv, reconciliationPdf, ReconciliationService, reconciliationXlsx } from '@ivl/reconciliation';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { ReconciliationResponse } from './dto/reconciliation.response.js';

const REGION = /^\d{6}$/;

@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('reconciliation')
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  @Get(':regionCode/:period.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  async csv(
    @CurrentActor() actor: Actor,
    @Param('regionCode') regionCode: string,
    @Param('period') period: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.file(actor, regionCode, period, reply, 'csv', reconciliationCsv);
  }

  @Get(':regionCode/:period.xlsx')
  @Header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async xlsx(
    @CurrentActor() actor: Actor,
    @Param('regionCode') regionCode: string,
    @Param('period') period: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return this.file(actor, regionCode, period, reply, 'xlsx', reconciliationXlsx);
  }

  /** The 对账单: the month's statement in Chinese, with the last day's anchor and signature lines. */
  @Get(':regionCode/:period.pdf')
  @Header('content-type', 'application/pdf')
  @ApiProduces('application/pdf')
  async pdf(
    @CurrentActor() actor: Actor,
    @Param('regionCode') regionCode: string,
    @Param('period') period: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return this.file(actor, regionCode, period, reply, 'pdf', reconciliationPdf);
  }

  @Get(':regionCode/:period')
  @ApiOkResponse({
    type: ReconciliationResponse,
    description: 'opening, movements and closing per class; counts; by provider region; balanced',
  })
  async json(@CurrentActor() actor: Actor, @Param('regionCode') regionCode: string, @Param('period') period: string): Promise<unknown> {
    const rec = await this.load(actor, regionCode, period);
    return {
      regionCode: rec.regionCode,
      period: rec.period,
      classes: Object.fromEntries(
        Object.entries(rec.classes).map(([cls, c]) => [
          cls,
          {
            opening: toJsonAmount(c.opening),
            closing: toJsonAmount(c.closing),
            movements: Object.fromEntries(Object.entries(c.movements).map(([k, v]) => [k, toJsonAmount(v)])),
            consistent: c.consistent,
          },
        ]),
      ),
      counts: rec.counts,
      byProviderRegion: rec.byProviderRegion.map((r) => ({
        regionCode: r.regionCode,
        confirmed: toJsonAmount(r.confirmed),
        paid: toJsonAmount(r.paid),
      })),
      balanced: rec.balanced,
      anchors: rec.anchors ?? [],
    };
  }

  /** The month as a download: `reconciliation-<region>-<period>.<ext>`, rendered by `render`. */
  private async file<T>(
    actor: Actor,
    regionCode: string,
    period: string,
    reply: FastifyReply,
    ext: string,
    render: (rec: Reconciliation) => T | Promise<T>,
  ): Promise<T> {
    const rec = await this.load(actor, regionCode, period);
    void reply.header('content-disposition', `attachment; filename="reconciliation-${regionCode}-${period}.${ext}"`);
    return render(rec);
  }

  private load(actor: Actor, regionCode: string, period: string): Promise<Reconciliation> {
    if (!REGION.test(regionCode)) throw DomainError.validation('regionCode', 'must be a 6-digit region code');
    return this.reconciliation.reconcile(actor, regionCode, period);
  }
}
