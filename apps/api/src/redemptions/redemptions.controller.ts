import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@ivl/core';
import { RedemptionsService } from '@ivl/redemptions';
import { CurrentActor } from '../common/current-actor.decorator.js';
import type { KeyToStore } from '@ivl/idempotency';
import { Idempotent, KeyToStoreOf, Transactional, Tx } from '../common/transactional.js';
import { CreateRedemptionRequest, RateRedemptionRequest, RedemptionQuery } from './dto/redemption.request.js';
import { RedemptionResponse } from './dto/redemption.response.js';

@ApiTags('redemptions')
@ApiBearerAuth()
@Controller('redemptions')
export class RedemptionsController {
  constructor(private readonly redemptions: RedemptionsService) {}

  @Post()
  // A walk-in redemption is one database call (issue 17); one of an order runs in a transaction.
  @Idempotent(201, { oneCall: (body) => (body as { orderId?: unknown } | undefined)?.orderId === undefined })
  @ApiCreatedResponse({ type: RedemptionResponse })
  async redeem(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Body() body: CreateRedemptionRequest,
    @KeyToStoreOf() key: KeyToStore | undefined,
  ): Promise<RedemptionResponse> {
    const input = {
      voucherCode: body.voucherCode,
      category: body.category,
      orderAmount: BigInt(body.orderAmount),
      description: body.description,
      ...(body.orderId === undefined ? {} : { orderId: body.orderId }),
    };
    const redemption =
      key && input.orderId === undefined
        ? await this.redemptions.redeemInOneCall(manager, actor, input, key, (r) => Object.assign({}, RedemptionResponse.from(r)))
        : await this.redemptions.redeem(manager, actor, input);
    return RedemptionResponse.from(redemption);
  }

  @Get()
  @ApiOkResponse({ type: [RedemptionResponse] })
  async list(@CurrentActor() actor: Actor, @Query() query: RedemptionQuery): Promise<RedemptionResponse[]> {
    return (await this.redemptions.list(actor, query)).map((item) => RedemptionResponse.from(item));
  }

  @Get(':id')
  @ApiOkResponse({ type: RedemptionResponse })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<RedemptionResponse> {
    return RedemptionResponse.from(await this.redemptions.get(actor, id));
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: RedemptionResponse })
  async confirm(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<RedemptionResponse> {
    return RedemptionResponse.from(await this.redemptions.confirm(manager, actor, id));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: RedemptionResponse })
  async cancel(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<RedemptionResponse> {
    return RedemptionResponse.from(await this.redemptions.cancel(manager, actor, id));
  }

  /** Its enterprise, once, after confirmation: 409 INVALID_STATE before, 409 DUPLICATE a second time. */
  @Post(':id/rating')
  @Transactional()
  @ApiCreatedResponse({ type: RedemptionResponse })
  async rate(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RateRedemptionRequest,
  ): Promise<RedemptionResponse> {
    return RedemptionResponse.from(await this.redemptions.rate(manager, actor, id, body));
  }
}
