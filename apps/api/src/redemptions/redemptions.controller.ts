import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '@ivl/core';
import { IdempotencyService } from '@ivl/idempotency';
import { RedemptionsService } from '@ivl/redemptions';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { answerIdempotently, IdempotencyKey } from '../common/idempotency-key.js';
import { CreateRedemptionRequest, RedemptionQuery } from './dto/redemption.request.js';
import { RedemptionResponse } from './dto/redemption.response.js';

@ApiTags('redemptions')
@ApiBearerAuth()
@Controller('redemptions')
export class RedemptionsController {
  constructor(
    private readonly redemptions: RedemptionsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiCreatedResponse({ type: RedemptionResponse })
  redeem(
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string,
    @Body() body: CreateRedemptionRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return answerIdempotently(this.idempotency, reply, { actor, key, scope: 'POST /redemptions', body, status: 201 }, async (manager) =>
      RedemptionResponse.from(
        await this.redemptions.redeem(manager, actor, {
          voucherCode: body.voucherCode,
          category: body.category,
          orderAmount: BigInt(body.orderAmount),
          description: body.description,
        }),
      ),
    );
  }

  @Get()
  @ApiOkResponse({ type: [RedemptionResponse] })
  async list(@CurrentActor() actor: Actor, @Query() query: RedemptionQuery): Promise<RedemptionResponse[]> {
    return (await this.redemptions.list(actor, query)).map(RedemptionResponse.from);
  }

  @Get(':id')
  @ApiOkResponse({ type: RedemptionResponse })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<RedemptionResponse> {
    return RedemptionResponse.from(await this.redemptions.get(actor, id));
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @ApiOkResponse({ type: RedemptionResponse })
  async confirm(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<RedemptionResponse> {
    return RedemptionResponse.from(await this.redemptions.confirm(actor, id));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: RedemptionResponse })
  async cancel(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<RedemptionResponse> {
    return RedemptionResponse.from(await this.redemptions.cancel(actor, id));
  }
}
