import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@ivl/core';
import { OrdersService } from '@ivl/orders';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { toDto } from '../common/to-dto.js';
import { Transactional, Tx } from '../common/transactional.js';
import { AcceptOrderRequest, CreateOrderRequest, DeclineOrderRequest, OrderQuery } from './dto/order.request.js';
import { OrderPage, OrderResponse } from './dto/order.response.js';

/**
 * Orders (服务订单): an enterprise orders a published service with one of its vouchers; the provider
 * accepts (agreed amount, signed contract) or declines; the enterprise may cancel while requested.
 * An accepted order is redeemed by `POST /redemptions` naming it (`orderId`).
 */
@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  /** 422 VOUCHER_NOT_USABLE for a code not usable or not the enterprise's own; 422 CATEGORY_NOT_ELIGIBLE, RELATED_PARTY as a redemption. */
  @Post()
  @Transactional()
  @ApiCreatedResponse({ type: OrderResponse })
  async create(@Tx() manager: EntityManager, @CurrentActor() actor: Actor, @Body() body: CreateOrderRequest): Promise<OrderResponse> {
    return OrderResponse.from(await this.orders.create(manager, actor, body));
  }

  @Get()
  @ApiOkResponse({ type: OrderPage })
  async list(@CurrentActor() actor: Actor, @Query() query: OrderQuery): Promise<OrderPage> {
    const { items, total } = await this.orders.list(actor, query);
    return toDto(OrderPage, { items: items.map((o) => OrderResponse.from(o)), total });
  }

  @Get(':id')
  @ApiOkResponse({ type: OrderResponse })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<OrderResponse> {
    return OrderResponse.from(await this.orders.get(actor, id));
  }

  /** Its provider, while requested. */
  @Post(':id/accept')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: OrderResponse })
  async accept(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AcceptOrderRequest,
  ): Promise<OrderResponse> {
    return OrderResponse.from(
      await this.orders.accept(manager, actor, id, {
        agreedAmount: BigInt(body.agreedAmount),
        contractDocumentId: body.contractDocumentId,
      }),
    );
  }

  /** Its provider, while requested. */
  @Post(':id/decline')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: OrderResponse })
  async decline(
    @Tx() manager: EntityManager,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: DeclineOrderRequest,
  ): Promise<OrderResponse> {
    return OrderResponse.from(await this.orders.decline(manager, actor, id, body.reason));
  }

  /** Its enterprise, while requested. */
  @Post(':id/cancel')
  @HttpCode(200)
  @Transactional()
  @ApiOkResponse({ type: OrderResponse })
  async cancel(@Tx() manager: EntityManager, @CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<OrderResponse> {
    return OrderResponse.from(await this.orders.cancel(manager, actor, id));
  }
}
