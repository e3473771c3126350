import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@ivl/core';
import { SettlementService } from '@ivl/settlement';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { TOTAL_COUNT_HEADER, withTotalCount } from '../common/total-count.js';
import { Transactional, Tx } from '../common/transactional.js';
import { BatchQuery, PayRequest, ReturnLineRequest, RunRequest } from './dto/settlement.request.js';
import { BatchResponse, RunResponse } from './dto/settlement.response.js';

@ApiTags('settlements')
@ApiBearerAuth()
@Controller('settlements')
export class SettlementsController {
  constructor(private readonly settlement: SettlementService) {}

  /** Starts a run; the worker builds the batch (BullMQ, through the outbox). */
  @Post('runs')
  @HttpCode(202)
  @Transactional()
  @ApiAcceptedResponse({
    schema: { type: 'object', required: ['jobId'], properties: { jobId: { type: 'string' } }, example: { jobId: '6f1c…' } },
  })
  async run(@Tx() manager: EntityManager, @CurrentActor() actor: Actor, @Body() body: RunRequest): Promise<{ jobId: string }> {
    const run = await this.settlement.requestRun(manager, actor, { regionCode: body.regionCode, period: body.period });
    return { jobId: run.jobId };
  }

  @Get('runs/:jobId')
  @ApiOkResponse({ type: RunResponse })
  async getRun(@CurrentActor() actor: Actor, @Param('jobId', ParseUUIDPipe) jobId: string): Promise<RunResponse> {
    return RunResponse.from(await this.settlement.getRun(actor, jobId));
  }

  @Get()
  @ApiOkResponse({ type: [BatchResponse], headers: TOTAL_COUNT_HEADER })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: BatchQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BatchResponse[]> {
    return withTotalCount(reply, await this.settlement.listBatches(actor, query), (item) => BatchResponse.from(item));
  }

  @Get(':id')
  @ApiOkResponse({ type: BatchResponse })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<BatchResponse> {
    return BatchResponse.from(await this.settlement.getBatch(actor, id));
  }

  @Get(':id/payment-file.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  async paymentFile(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { filename, csv } = await this.settlement.paymentFile(actor, id);
    void reply.header('content-disposition', `attachment; filename="${filename}"`);
    return csv;
  }

  @Get(':id/payment-file.xlsx')
  @Header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async paymentSheet(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const { filename, xlsx } = await this.settlement.paymentSheet(actor, id);
    void reply.header('content-disposition', `attachment; filename="${filename}"`);
    return xlsx;
  }

  @Get(':id/statement.pdf')
  @Header('content-type', 'application/pdf')
  @ApiProduces('application/pdf')
  async statement(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const { filename, pdf } = await this.settlement.statement(actor, id);
    void reply.header('content-disposition', `attachment; filename="${filename}"`);
    return pdf;
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: BatchResponse })
  async approve(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<BatchResponse> {
    return BatchResponse.from(await this.settlement.approve(manager, actor, id));
  }

  @Post(':id/lines/:providerId/return')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: BatchResponse })
  async returnLine(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('providerId', ParseUUIDPipe) providerId: string,
    @Body() body: ReturnLineRequest,
  ): Promise<BatchResponse> {
    return BatchResponse.from(await this.settlement.returnLine(manager, actor, { id, providerId, reason: body.reason }));
  }

  @Post(':id/pay')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: BatchResponse })
  async pay(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: PayRequest,
  ): Promise<BatchResponse> {
    return BatchResponse.from(
      await this.settlement.pay(manager, actor, {
        id,
        paymentReference: body.paymentReference,
        documentIds: body.documentIds ?? [],
      }),
    );
  }
}
