import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@ivl/core';
import { RiskService } from '@ivl/risk';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { toDto } from '../common/to-dto.js';
import { Transactional, Tx } from '../common/transactional.js';
import { DecisionRequest, ScanRequest, SignalQuery } from './dto/risk.request.js';
import { ScanResponse, SignalPageResponse, SignalResponse } from './dto/risk.response.js';

@ApiTags('risk')
@ApiBearerAuth()
@Controller('risk')
export class RiskController {
  constructor(private readonly risk: RiskService) {}

  /** Starts a scan of a region and period; the worker runs it (BullMQ, through the outbox). */
  @Post('scans')
  @HttpCode(202)
  @Transactional()
  @ApiAcceptedResponse({
    schema: { type: 'object', required: ['jobId'], properties: { jobId: { type: 'string' } }, example: { jobId: '6f1c…' } },
  })
  async scan(@Tx() manager: EntityManager, @CurrentActor() actor: Actor, @Body() body: ScanRequest): Promise<{ jobId: string }> {
    const scan = await this.risk.requestScan(manager, actor, { regionCode: body.regionCode, period: body.period });
    return { jobId: scan.jobId };
  }

  @Get('scans/:jobId')
  @ApiOkResponse({ type: ScanResponse })
  async getScan(@CurrentActor() actor: Actor, @Param('jobId', ParseUUIDPipe) jobId: string): Promise<ScanResponse> {
    return ScanResponse.from(await this.risk.getScan(actor, jobId));
  }

  @Get('signals')
  @ApiOkResponse({ type: SignalPageResponse })
  async list(@CurrentActor() actor: Actor, @Query() query: SignalQuery): Promise<SignalPageResponse> {
    const page = await this.risk.list(actor, query);
    return toDto(SignalPageResponse, { items: page.items.map((s) => SignalResponse.from(s)), total: page.total });
  }

  @Post('signals/:id/dismiss')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: SignalResponse })
  async dismiss(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: DecisionRequest,
  ): Promise<SignalResponse> {
    return SignalResponse.from(await this.risk.decide(manager, actor, { id, decision: 'dismissed', reason: body.reason }));
  }

  @Post('signals/:id/confirm')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: SignalResponse })
  async confirm(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: DecisionRequest,
  ): Promise<SignalResponse> {
    return SignalResponse.from(await this.risk.decide(manager, actor, { id, decision: 'confirmed', reason: body.reason }));
  }
}
